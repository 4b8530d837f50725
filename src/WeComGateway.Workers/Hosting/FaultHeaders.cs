namespace WeComGateway.Workers.Hosting;

/// <summary>
/// Headers the gateway adds to a message it dead-letters or parks for redelivery, next to MassTransit's own
/// <c>MT-Fault-*</c> (exception type, message, timestamp, input address). Ops tools read them; replay strips them.
/// </summary>
public static class FaultHeaders
{
    /// <summary><c>permanent</c> (retrying cannot fix it) or <c>retries_exhausted</c> (transient, every retry and redelivery used).</summary>
    public const string Reason = "wecomgw-fault-reason";

    /// <summary>WeCom's errcode when the failure was a WeCom answer.</summary>
    public const string ErrCode = "wecomgw-fault-errcode";

    /// <summary>The WeCom API that answered it.</summary>
    public const string Api = "wecomgw-fault-api";

    /// <summary>The enterprise the message is about.</summary>
    public const string CorpId = "wecomgw-fault-corp-id";

    /// <summary>Consume attempts over every delivery of the message, redeliveries included.</summary>
    public const string Attempts = "wecomgw-fault-attempts";

    /// <summary>How many delayed redeliveries the message has had.</summary>
    public const string RedeliveryCount = "wecomgw-redelivery-count";

    /// <summary>The queue a parked message returns to (the redelivery return exchange routes on it).</summary>
    public const string RedeliverTo = "wecomgw-redelivery-to";

    public const string PermanentReason = "permanent";

    public const string RetriesExhaustedReason = "retries_exhausted";
}
