namespace WeComGateway.Workers.Hosting;

/// <summary>
/// In-memory message retry for transient failures (section <c>Workers:Retry</c>), exponential between
/// <see cref="MinInterval"/> and <see cref="MaxInterval"/>. It holds the message and a concurrency slot, so keep it short;
/// the WeCom HTTP pipeline already retries each call a few times underneath.
/// </summary>
public sealed class WorkerRetryOptions
{
    public const string SectionName = "Workers:Retry";

    public int Limit { get; set; } = 5;

    public TimeSpan MinInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan IntervalDelta { get; set; } = TimeSpan.FromSeconds(2);
}
