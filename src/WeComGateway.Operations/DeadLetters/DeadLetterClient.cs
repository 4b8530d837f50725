using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace WeComGateway.Operations.DeadLetters;

/// <summary>
/// See, understand, replay and purge MassTransit's dead-letter queues (<c>*_error</c>, <c>*_skipped</c>) of one vhost.
/// Listing uses the management API (AMQP cannot enumerate queues); everything else is AMQP, one short connection per
/// call. Every call takes the <c>actor</c> to audit (<c>cli:alice</c>, <c>admin-api:key#0</c>) and refuses a queue
/// that is not a dead-letter queue (<see cref="NotADeadLetterQueueException"/>).
/// </summary>
public sealed class DeadLetterClient : IDisposable
{
    public const int MaxMessagesPerQueue = 1000;

    private readonly DeadLetterOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <param name="options">Where the broker and its management API are.</param>
    /// <param name="logger">Receives the audit lines.</param>
    /// <param name="time">For ages of messages and replay stamps.</param>
    /// <param name="managementHttp">For the management API; one of its own when null.</param>
    public DeadLetterClient(DeadLetterOptions options, ILogger<DeadLetterClient>? logger = null, TimeProvider? time = null, HttpClient? managementHttp = null)
    {
        _options = options;
        _logger = logger ?? NullLogger<DeadLetterClient>.Instance;
        _time = time ?? TimeProvider.System;
        _ownsHttp = managementHttp is null;
        _http = managementHttp ?? new HttpClient();
    }

    /// <summary>
    /// Every dead-letter queue of the vhost with its depth and the age of its head, plus up to
    /// <paramref name="messagesPerQueue"/> messages from the head of each (looked at, not removed: see <see cref="QueuePeek"/>).
    /// </summary>
    public async Task<IReadOnlyList<DeadLetterQueue>> ListQueuesAsync(int messagesPerQueue, string actor, CancellationToken cancellationToken)
    {
        var peek = Math.Clamp(messagesPerQueue, 0, MaxMessagesPerQueue);
        var names = (await new ManagementApi(_http, _options).QueueNamesAsync(cancellationToken))
            .Where(DeadLetterQueueNames.IsDeadLetterQueue)
            .Order(StringComparer.Ordinal)
            .ToList();
        var queues = new List<DeadLetterQueue>(names.Count);
        await using var session = await AmqpSession.OpenAsync(_options, cancellationToken);
        foreach (var name in names)
        {
            if (await DescribeAsync(session, name, peek, cancellationToken) is { } queue)
            {
                queues.Add(queue);
            }
        }

        DeadLetterAudit.Listed(_logger, actor, queues.Count, queues.Sum(q => q.Depth));
        return queues;
    }

    /// <summary>How many messages are ready in the dead-letter queue (AMQP, exact; the management API lags by seconds).</summary>
    public async Task<long> DepthAsync(string queue, string actor, CancellationToken cancellationToken)
    {
        Guard(queue, "depth", actor);
        await using var session = await AmqpSession.OpenAsync(_options, cancellationToken);
        await using var channel = await session.OpenChannelAsync(cancellationToken);
        return await AmqpSession.DepthAsync(channel, queue, cancellationToken);
    }

    /// <summary>The message with that id (headers, body, where a replay would send it), or null when it is not in the queue.</summary>
    public async Task<DeadLetterMessageDetail?> ShowAsync(string queue, string messageId, string actor, CancellationToken cancellationToken)
    {
        Guard(queue, "show", actor);
        await using var session = await AmqpSession.OpenAsync(_options, cancellationToken);
        await using var channel = await session.OpenChannelAsync(cancellationToken);
        var depth = await AmqpSession.DepthAsync(channel, queue, cancellationToken);
        var seen = await QueuePeek.PeekAsync(channel, queue, Math.Min(depth, _options.ScanLimit), m => m.Message.HasId(messageId), cancellationToken);
        var found = seen.FirstOrDefault(m => m.Message.HasId(messageId));
        DeadLetterAudit.Shown(_logger, actor, queue, messageId, found is null ? $"not found among {seen.Count}" : "found");
        return found?.Detail(queue);
    }

    /// <summary>
    /// Moves the messages <paramref name="filter"/> matches back to the endpoint they failed on, in one bounded pass
    /// (<see cref="ReplayPass"/>): publish with confirms, then acknowledge; the rest stays, in order.
    /// </summary>
    public async Task<ReplayResult> ReplayAsync(
        string queue, ReplayFilter filter, string actor, IProgress<ReplayProgress>? progress, CancellationToken cancellationToken)
    {
        Guard(queue, "replay", actor);
        filter.Validate();
        await using var session = await AmqpSession.OpenAsync(_options, cancellationToken);
        var pass = new ReplayPass(session, queue, filter, _time, progress);
        try
        {
            var result = await pass.RunAsync(cancellationToken);
            DeadLetterAudit.Replayed(_logger, result.ReplayId, actor, queue, result.Destinations.Count == 0 ? "nothing" : string.Join(", ", result.Destinations),
                filter.ToString(), result.Replayed, result.Skipped, result.Failed, result.Examined, pass.Total);
            return result;
        }
        catch (Exception ex) when (ex is not DeadLetterQueueNotFoundException)
        {
            DeadLetterAudit.ReplayInterrupted(_logger, pass.ReplayId, actor, queue, ex.GetType().Name, pass.Replayed, pass.Skipped, pass.Failed, pass.Examined);
            throw;
        }
    }

    /// <summary>Deletes every ready message of the dead-letter queue; returns how many.</summary>
    public async Task<long> PurgeAsync(string queue, string actor, CancellationToken cancellationToken)
    {
        Guard(queue, "purge", actor);
        await using var session = await AmqpSession.OpenAsync(_options, cancellationToken);
        await using var channel = await session.OpenChannelAsync(cancellationToken);
        // Passive declare first: purging a missing queue would fail with a less helpful error.
        await AmqpSession.DepthAsync(channel, queue, cancellationToken);
        var count = (long)await channel.QueuePurgeAsync(queue, cancellationToken);
        DeadLetterAudit.Purged(_logger, actor, queue, count);
        return count;
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task<DeadLetterQueue?> DescribeAsync(AmqpSession session, string name, int peek, CancellationToken cancellationToken)
    {
        await using var channel = await session.OpenChannelAsync(cancellationToken);
        try
        {
            var depth = await AmqpSession.DepthAsync(channel, name, cancellationToken);
            // The head is always looked at: its failure time is the age of the queue's oldest message.
            var messages = await QueuePeek.PeekAsync(channel, name, Math.Min(depth, Math.Max(peek, 1)), null, cancellationToken);
            var oldest = messages.Count > 0 ? messages[0].Message.FirstFailedAt : null;
            return new DeadLetterQueue(name, depth, oldest, oldest is { } at ? _time.GetUtcNow() - at : null, messages.Take(peek).Select(m => m.Message).ToList());
        }
        catch (DeadLetterQueueNotFoundException)
        {
            return null; // deleted since the management API listed it
        }
    }

    /// <summary>
    /// Refuses (audited, <see cref="NotADeadLetterQueueException"/>) a queue that is not a dead-letter queue; for callers
    /// that look at a queue before acting on it, so the refusal names the action they meant.
    /// </summary>
    public void Guard(string queue, string action, string actor)
    {
        if (!DeadLetterQueueNames.IsDeadLetterQueue(queue))
        {
            DeadLetterAudit.Refused(_logger, actor, action, queue);
            throw new NotADeadLetterQueueException(queue);
        }
    }
}
