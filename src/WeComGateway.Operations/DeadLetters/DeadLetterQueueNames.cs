namespace WeComGateway.Operations.DeadLetters;

/// <summary>
/// Which queues the DLQ tools may touch: MassTransit's <c>&lt;queue&gt;_error</c> (faulted) and
/// <c>&lt;queue&gt;_skipped</c> (no consumer for the type) queues, never a live queue.
/// </summary>
public static class DeadLetterQueueNames
{
    public const string ErrorSuffix = "_error";
    public const string SkippedSuffix = "_skipped";

    /// <summary>RabbitMQ's limit on a queue name (bytes; the names here are ASCII).</summary>
    public const int MaxLength = 255;

    public static bool IsDeadLetterQueue(string? name) =>
        name is { Length: > 0 and <= MaxLength }
        && !name.Any(char.IsControl)
        && (HasSuffix(name, ErrorSuffix) || HasSuffix(name, SkippedSuffix));

    /// <summary>The name itself, or <see cref="NotADeadLetterQueueException"/>: replay and purge must never reach a live queue.</summary>
    public static string EnsureDeadLetterQueue(string? name) =>
        IsDeadLetterQueue(name) ? name! : throw new NotADeadLetterQueueException(name ?? string.Empty);

    /// <summary>The endpoint a dead-letter queue belongs to: <c>orders_error</c> → <c>orders</c>.</summary>
    public static string LiveQueueOf(string deadLetterQueue)
    {
        var name = EnsureDeadLetterQueue(deadLetterQueue);
        var suffix = name.EndsWith(ErrorSuffix, StringComparison.Ordinal) ? ErrorSuffix : SkippedSuffix;
        return name[..^suffix.Length];
    }

    private static bool HasSuffix(string name, string suffix) =>
        name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal);
}

/// <summary>A queue name that is not an <c>_error</c>/<c>_skipped</c> queue was given to a DLQ operation.</summary>
public sealed class NotADeadLetterQueueException(string queue)
    : ArgumentException($"'{queue}' is not a dead-letter queue: only queues whose name ends in {DeadLetterQueueNames.ErrorSuffix} or {DeadLetterQueueNames.SkippedSuffix} can be shown, replayed or purged.")
{
    public string Queue { get; } = queue;
}
