using WeComGateway.Callbacks;

namespace WeComGateway.Receiver.Callbacks;

/// <summary>The signed query string WeCom appends to every callback.</summary>
public sealed record CallbackQuery(string? MsgSignature, string? Timestamp, string? Nonce, string? EchoStr = null);

public enum OutcomeKind
{
    /// <summary>The event is durable (confirmed or in the outbox): answer success.</summary>
    Accepted,

    /// <summary>A retry of an event already made durable: answer success, publish nothing.</summary>
    Duplicate,

    /// <summary>The sender's fault: 4xx, nothing published.</summary>
    Rejected,

    /// <summary>Ours: the event is not durable, do not say success (503, WeCom retries).</summary>
    Unavailable,
}

/// <summary>What the receiver decided for one request.</summary>
/// <param name="Reply">The decrypted echostr of a GET handshake.</param>
public sealed record CallbackOutcome(OutcomeKind Kind, CallbackRejection? Reason = null, string? Detail = null, string? Reply = null)
{
    public static readonly CallbackOutcome Accepted = new(OutcomeKind.Accepted);
    public static readonly CallbackOutcome Duplicate = new(OutcomeKind.Duplicate);

    public static CallbackOutcome Rejected(CallbackRejectedException rejection) =>
        new(OutcomeKind.Rejected, rejection.Reason, rejection.Message);

    public static CallbackOutcome Unavailable(string detail) => new(OutcomeKind.Unavailable, Detail: detail);

    public static CallbackOutcome Verified(string reply) => new(OutcomeKind.Accepted, Reply: reply);
}
