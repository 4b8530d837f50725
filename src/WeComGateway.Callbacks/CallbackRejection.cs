namespace WeComGateway.Callbacks;

/// <summary>
/// The closed set of reasons a callback is refused. Each becomes both the 4xx answer and a metric label, so the
/// names are stable (snake_case via <see cref="CallbackRejectionExtensions.Label"/>).
/// </summary>
public enum CallbackRejection
{
    UnknownSuite,
    BodyTooLarge,
    MissingQueryParameter,
    TimestampOutOfWindow,
    MalformedEnvelope,
    HostileXml,
    BadSignature,
    BadBase64,
    BadCiphertextLength,
    BadPadding,
    BadMessageLength,
    WrongReceiveId,
    MalformedEvent,
    IncompleteBody,
    MethodNotAllowed,
}

public static class CallbackRejectionExtensions
{
    public static string Label(this CallbackRejection reason) => reason switch
    {
        CallbackRejection.UnknownSuite => "unknown_suite",
        CallbackRejection.BodyTooLarge => "body_too_large",
        CallbackRejection.MissingQueryParameter => "missing_query_parameter",
        CallbackRejection.TimestampOutOfWindow => "timestamp_out_of_window",
        CallbackRejection.MalformedEnvelope => "malformed_envelope",
        CallbackRejection.HostileXml => "hostile_xml",
        CallbackRejection.BadSignature => "bad_signature",
        CallbackRejection.BadBase64 => "bad_base64",
        CallbackRejection.BadCiphertextLength => "bad_ciphertext_length",
        CallbackRejection.BadPadding => "bad_padding",
        CallbackRejection.BadMessageLength => "bad_message_length",
        CallbackRejection.WrongReceiveId => "wrong_receive_id",
        CallbackRejection.MalformedEvent => "malformed_event",
        CallbackRejection.IncompleteBody => "incomplete_body",
        CallbackRejection.MethodNotAllowed => "method_not_allowed",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}

/// <summary>
/// A callback that is the sender's fault. <see cref="Exception.Message"/> says why in words safe to log: it never
/// holds a key, token or plaintext.
/// </summary>
public sealed class CallbackRejectedException : Exception
{
    public CallbackRejectedException(CallbackRejection reason, string detail)
        : base($"{reason.Label()}: {detail}") => Reason = reason;

    public CallbackRejectedException(CallbackRejection reason, string detail, Exception inner)
        : base($"{reason.Label()}: {detail}", inner) => Reason = reason;

    public CallbackRejection Reason { get; }
}
