using System.Diagnostics;

namespace WeComGateway.Hosting;

/// <summary>
/// The gateway's own meters and activity sources (one per project that measures), and the tags that tie a trace to one
/// callback. Corp ids go on traces and logs only, never on metrics: thousands of corps would be thousands of series.
/// </summary>
public static class GatewayTelemetry
{
    /// <summary>Meter and activity source of the receiver (<c>ReceiverMetrics</c>).</summary>
    public const string Receiver = "WeComGateway.Receiver";

    /// <summary>Meter and activity source of the WeCom API clients and tokens (<c>WeComApiMetrics</c>).</summary>
    public const string WeComApi = "WeComGateway.WeComApi";

    /// <summary>Meter of the worker host (<c>WorkerMetrics</c>, the dead-letter gauge).</summary>
    public const string Workers = "WeComGateway.Workers";

    /// <summary>Meter of what both hosts share: the health-check gauge.</summary>
    public const string Hosting = "WeComGateway.Hosting";

    public const string CorpIdTag = "wecomgw.corp_id";
    public const string DedupeKeyTag = "wecomgw.dedupe_key";
    public const string SuiteIdTag = "wecomgw.suite_id";

    internal static readonly string[] MeterNames = [Receiver, WeComApi, Workers, Hosting];

    internal static readonly string[] ActivitySourceNames = [Receiver, WeComApi, Workers];

    /// <summary>Tags <paramref name="activity"/> with the callback it works on; null values are left out.</summary>
    public static Activity? TagCallback(this Activity? activity, string? suiteId, string? corpId, string? dedupeKey)
    {
        if (activity is null || !activity.IsAllDataRequested)
        {
            return activity;
        }

        if (suiteId is not null)
        {
            activity.SetTag(SuiteIdTag, suiteId);
        }

        if (corpId is not null)
        {
            activity.SetTag(CorpIdTag, corpId);
        }

        if (dedupeKey is not null)
        {
            activity.SetTag(DedupeKeyTag, dedupeKey);
        }

        return activity;
    }
}
