namespace WeComGateway.Operations.DeadLetters;

/// <summary>One <c>_error</c>/<c>_skipped</c> queue: how deep, how old its head, and the first messages.</summary>
/// <param name="Name">The queue.</param>
/// <param name="Depth">Messages ready in it.</param>
/// <param name="OldestFailedAt">When the message at its head failed (<c>MT-Fault-Timestamp</c>); null when empty or unknown.</param>
/// <param name="OldestAge">How long ago that was.</param>
/// <param name="Messages">Up to the requested number of messages from the head, in queue order.</param>
public sealed record DeadLetterQueue(string Name, long Depth, DateTimeOffset? OldestFailedAt, TimeSpan? OldestAge, IReadOnlyList<DeadLetterMessage> Messages);

/// <summary>One message in full, for <c>show</c>: every header and the body (secrets never travel on the bus).</summary>
/// <param name="Queue">The dead-letter queue it is in.</param>
/// <param name="Message">What it is and why it failed.</param>
/// <param name="Destination">The exchange a replay would publish it to.</param>
/// <param name="ContentType">The AMQP content type (<c>application/vnd.masstransit+json</c>).</param>
/// <param name="Headers">Every transport header, as text.</param>
/// <param name="Body">The body: indented JSON, else UTF-8 text, else <c>base64:…</c>.</param>
public sealed record DeadLetterMessageDetail(
    string Queue, DeadLetterMessage Message, string Destination, string? ContentType, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>Where a replay stands, after each message it looked at.</summary>
/// <param name="Examined">Messages taken from the queue so far.</param>
/// <param name="Total">The queue's depth when the replay started: the pass stops there.</param>
/// <param name="Replayed">Published (confirmed) and removed from the dead-letter queue.</param>
/// <param name="Skipped">Did not match the filter: left in the queue.</param>
/// <param name="Failed">Matched, but could not be published: left in the queue.</param>
public sealed record ReplayProgress(long Examined, long Total, long Replayed, long Skipped, long Failed);

/// <summary>A message that matched but stayed in the dead-letter queue, and why.</summary>
public sealed record ReplayFailure(string? MessageId, string Destination, string Error);

/// <summary>What one replay pass did.</summary>
/// <param name="ReplayId">Stamped on every replayed message (<c>wecomgw-replay-id</c>).</param>
/// <param name="Queue">The dead-letter queue.</param>
/// <param name="Examined">Messages looked at (at most the depth at start).</param>
/// <param name="Replayed">Moved back to their endpoint.</param>
/// <param name="Skipped">Did not match the filter.</param>
/// <param name="Failed">Matched but could not be published.</param>
/// <param name="Destinations">The exchanges messages were published to.</param>
/// <param name="Failures">The first failures, with their reasons.</param>
public sealed record ReplayResult(
    Guid ReplayId, string Queue, long Examined, long Replayed, long Skipped, long Failed, IReadOnlyList<string> Destinations, IReadOnlyList<ReplayFailure> Failures);
