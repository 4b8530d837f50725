namespace WeComGateway.Contracts;

/// <summary>
/// The transport headers the gateway puts on messages (AMQP headers; MassTransit's <c>Headers</c>). Subscribers route
/// and deduplicate on the first three without parsing the body; ops tools read the fault ones on dead-lettered
/// messages. MassTransit's own <c>MT-*</c> headers are <c>MassTransit.MessageHeaders</c>.
/// </summary>
public static class GatewayHeaders
{
    /// <summary>The suite whose callback URL received the event. On every callback event.</summary>
    public const string SuiteId = "wecomgw-suite-id";

    /// <summary>The enterprise the event is about. On every callback event that names one (absent for suite-level events).</summary>
    public const string CorpId = "wecomgw-corp-id";

    /// <summary>The event's <see cref="WeComCallbackEvent.DedupeKey"/>. On every callback event.</summary>
    public const string DedupeKey = "wecomgw-dedupe-key";

    /// <summary>What every header the workers add to a failed message starts with.</summary>
    public const string FaultPrefix = "wecomgw-fault-";

    /// <summary>Why a message was dead-lettered: a <see cref="FaultReasons"/> value.</summary>
    public const string FaultReason = FaultPrefix + "reason";

    /// <summary>WeCom's errcode, when the failure was a WeCom answer.</summary>
    public const string FaultErrCode = FaultPrefix + "errcode";

    /// <summary>The WeCom API that answered the errcode (<c>externalcontact/mark_tag</c>).</summary>
    public const string FaultApi = FaultPrefix + "api";

    /// <summary>The enterprise the failure was about (also for messages without <see cref="CorpId"/>, e.g. purchases).</summary>
    public const string FaultCorpId = FaultPrefix + "corp-id";

    /// <summary>Consume attempts over every delivery of the message, delayed redeliveries included.</summary>
    public const string FaultAttempts = FaultPrefix + "attempts";

    /// <summary>How many delayed redeliveries the message has had.</summary>
    public const string RedeliveryCount = "wecomgw-redelivery-count";

    /// <summary>The queue a message parked for a delayed redelivery returns to; meaningless once it is dead-lettered.</summary>
    public const string RedeliverTo = "wecomgw-redelivery-to";

    /// <summary>When the replay tool put a dead-lettered message back (ISO 8601, UTC).</summary>
    public const string ReplayedAt = "wecomgw-replayed-at";

    /// <summary>One id per replay run, so its messages can be found in logs and traces.</summary>
    public const string ReplayId = "wecomgw-replay-id";
}

/// <summary>Values of <see cref="GatewayHeaders.FaultReason"/>.</summary>
public static class FaultReasons
{
    /// <summary>Retrying cannot fix it: dead-lettered on the first attempt.</summary>
    public const string Permanent = "permanent";

    /// <summary>Transient, but every in-process retry and every delayed redelivery was used.</summary>
    public const string RetriesExhausted = "retries_exhausted";
}
