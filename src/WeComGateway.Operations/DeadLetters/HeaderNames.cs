namespace WeComGateway.Operations.DeadLetters;

/// <summary>
/// Transport headers on a dead-lettered message. MassTransit writes the <c>MT-*</c> ones when it moves a message to
/// <c>_error</c> (<c>MassTransit.MessageHeaders</c>); the workers add the <c>wecomgw-fault-*</c> ones; the receiver
/// puts <c>wecomgw-corp-id</c> on every event it publishes.
/// </summary>
public static class HeaderNames
{
    /// <summary>Why MassTransit moved the message: <c>fault</c> (a consumer threw) or <c>skip</c> (no consumer for the type).</summary>
    public const string Reason = "MT-Reason";

    public const string FaultPrefix = "MT-Fault-";
    public const string FaultExceptionType = "MT-Fault-ExceptionType";
    public const string FaultMessage = "MT-Fault-Message";
    public const string FaultTimestamp = "MT-Fault-Timestamp";
    public const string FaultInputAddress = "MT-Fault-InputAddress";
    public const string FaultMessageType = "MT-Fault-MessageType";
    public const string FaultRetryCount = "MT-Fault-RetryCount";
    public const string FaultRedeliveryCount = "MT-Fault-RedeliveryCount";
    public const string MessageType = "MT-MessageType";

    /// <summary>The enterprise, on every event the receiver publishes.</summary>
    public const string CorpId = "wecomgw-corp-id";

    public const string GatewayFaultPrefix = "wecomgw-fault-";

    /// <summary>The WeCom errcode that failed the consumer.</summary>
    public const string GatewayFaultErrCode = "wecomgw-fault-errcode";

    /// <summary>The WeCom API that answered the errcode (<c>mark_tag</c>).</summary>
    public const string GatewayFaultApi = "wecomgw-fault-api";

    /// <summary>The enterprise the failure was about (for messages without <see cref="CorpId"/>, e.g. purchases).</summary>
    public const string GatewayFaultCorpId = "wecomgw-fault-corp-id";

    /// <summary><c>permanent</c> (a retry cannot fix it) or <c>retries_exhausted</c>.</summary>
    public const string GatewayFaultReason = "wecomgw-fault-reason";

    /// <summary>How many times the consumer ran before giving up.</summary>
    public const string GatewayFaultAttempts = "wecomgw-fault-attempts";

    /// <summary>How many delayed redeliveries (TTL parking) the message had before it was dead-lettered.</summary>
    public const string GatewayRedeliveryCount = "wecomgw-redelivery-count";

    /// <summary>Where a parked message returns to; meaningless once it is dead-lettered.</summary>
    public const string GatewayRedeliverTo = "wecomgw-redelivery-to";

    /// <summary>
    /// RabbitMQ.Client's publisher-confirm tracking stamps every publish with its sequence number; a copied stale one
    /// could pair a broker return with the wrong publish, so replay drops it and the client stamps its own.
    /// </summary>
    public const string PublishSequenceNumber = "x-dotnet-pub-seq-no";

    /// <summary>When the replay tool put the message back (ISO 8601, UTC).</summary>
    public const string ReplayedAt = "wecomgw-replayed-at";

    /// <summary>One id per replay run, so its messages can be found in logs and traces.</summary>
    public const string ReplayId = "wecomgw-replay-id";
}
