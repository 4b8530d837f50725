using Microsoft.Extensions.Logging.Testing;
using WeComGateway.Operations.DeadLetters;

namespace WeComGateway.IntegrationTests.Operations;

/// <summary>
/// The DLQ client against the real RabbitMQ, on an endpoint laid out like MassTransit's: what list and show leave
/// behind, what replay moves and in which order, what purge deletes, and what they refuse.
/// </summary>
[Collection(RealServicesCollection.Name)]
public sealed class DeadLetterQueueTests
{
    private const string Actor = "test:ops";
    private readonly FakeLogger<DeadLetterClient> _audit = new();

    [Fact]
    public async Task Listing_shows_depth_age_and_reasons_and_leaves_every_message_where_it_was()
    {
        await using var endpoint = await SyntheticEndpoint.CreateAsync();
        var ids = await endpoint.FailAsync(
            new("wwcorpA", "A-1") { FailedAt = DateTimeOffset.UtcNow.AddHours(-2) }, new("wwcorpB", "B-1", 40071), new("wwcorpA", "A-2"));
        using var dlq = Client();

        var queue = Assert.Single(await dlq.ListQueuesAsync(10, Actor, default), q => q.Name == endpoint.ErrorQueue);

        Assert.Equal(3, queue.Depth);
        Assert.True(queue.OldestAge >= TimeSpan.FromHours(2) - TimeSpan.FromMinutes(1));
        Assert.Equal(ids, queue.Messages.Select(m => m.MessageId));
        Assert.Equal(["wwcorpA", "wwcorpB", "wwcorpA"], queue.Messages.Select(m => m.CorpId));
        Assert.Equal([40068, 40071, 40068], queue.Messages.Select(m => m.Reason.ErrCode));
        Assert.All(queue.Messages, m => Assert.Equal("WeComGateway.Contracts:CustomerPurchaseRecorded", m.MessageType));
        Assert.Equal(ids, (await endpoint.DrainAsync(endpoint.ErrorQueue)).Select(m => m.BasicProperties.MessageId));
        Assert.Contains(_audit.Collector.GetSnapshot(), r => r.Message.Contains("DLQ list by test:ops", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Show_gives_every_header_and_the_body_and_leaves_the_message_in_the_queue()
    {
        await using var endpoint = await SyntheticEndpoint.CreateAsync();
        var ids = await endpoint.FailAsync(new("wwcorpA", "A-1"), new("wwcorpB", "B-1"));
        using var dlq = Client();

        var detail = await dlq.ShowAsync(endpoint.ErrorQueue, ids[1], Actor, default);

        Assert.NotNull(detail);
        Assert.Equal("wwcorpB", detail.Message.CorpId);
        Assert.Equal(endpoint.Queue, detail.Destination);
        Assert.Equal("WeComGateway.WeComApi.Errors.WeComApiException", detail.Headers["MT-Fault-ExceptionType"]);
        Assert.Equal("40068", detail.Headers["wecomgw-fault-errcode"]);
        Assert.Contains("\"orderId\": \"B-1\"", detail.Body, StringComparison.Ordinal);
        Assert.Contains("水果", detail.Body, StringComparison.Ordinal);
        Assert.Null(await dlq.ShowAsync(endpoint.ErrorQueue, Guid.NewGuid().ToString(), Actor, default));
        Assert.Equal(2, await endpoint.DepthAsync(endpoint.ErrorQueue));
    }

    [Fact]
    public async Task Replaying_one_corp_moves_its_messages_back_and_leaves_the_others_in_their_order()
    {
        await using var endpoint = await SyntheticEndpoint.CreateAsync();
        var ids = await endpoint.FailAsync(new("wwcorpA", "A-1"), new("wwcorpB", "B-1"), new("wwcorpA", "A-2"), new("wwcorpB", "B-2"), new("wwcorpB", "B-3"));
        using var dlq = Client();
        var seen = new List<ReplayProgress>();

        var result = await dlq.ReplayAsync(endpoint.ErrorQueue, new ReplayFilter { CorpId = "wwcorpA" }, Actor, new Recorder(seen), default);

        Assert.Equal((5, 2, 3, 0), (result.Examined, result.Replayed, result.Skipped, result.Failed));
        Assert.Equal([endpoint.Queue], result.Destinations);
        Assert.Equal([1L, 2, 3, 4, 5], seen.Select(p => p.Examined));
        Assert.All(seen, p => Assert.Equal(5, p.Total));
        var replayed = await endpoint.DrainAsync(endpoint.Queue);
        Assert.Equal([ids[0], ids[2]], replayed.Select(m => m.BasicProperties.MessageId));
        Assert.All(replayed, m =>
        {
            Assert.DoesNotContain(m.BasicProperties.Headers!.Keys, k => k.StartsWith("MT-Fault-", StringComparison.Ordinal) || k.StartsWith("wecomgw-fault-", StringComparison.Ordinal));
            Assert.DoesNotContain("MT-Reason", m.BasicProperties.Headers!.Keys);
            Assert.Equal(result.ReplayId.ToString("N"), SyntheticEndpoint.Header(m, "wecomgw-replay-id"));
            Assert.NotNull(SyntheticEndpoint.Header(m, "wecomgw-replayed-at"));
            Assert.Equal("application/vnd.masstransit+json", m.BasicProperties.ContentType);
            Assert.True(m.BasicProperties.Persistent);
        });
        Assert.Equal([ids[1], ids[3], ids[4]], (await endpoint.DrainAsync(endpoint.ErrorQueue)).Select(m => m.BasicProperties.MessageId));
        Assert.Contains(_audit.Collector.GetSnapshot(), r => r.Message.Contains("2 replayed, 3 skipped, 0 failed of 5 examined", StringComparison.Ordinal)
            && r.Message.Contains("by test:ops", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_replay_stops_after_one_pass_over_the_depth_it_started_with()
    {
        await using var endpoint = await SyntheticEndpoint.CreateAsync();
        await endpoint.FailAsync(new("wwcorpA", "A-1"), new("wwcorpA", "A-2"));
        using var dlq = Client();
        var added = false;

        // A message that fails again during the replay lands at the tail: this pass does not take it.
        var progress = new Recorder([], _ =>
        {
            if (!added)
            {
                added = true;
                // IProgress.Report is synchronous, and the fault must land before the replay reads on.
#pragma warning disable VSTHRD002
                endpoint.FailAsync(new SyntheticEndpoint.Fault("wwcorpA", "A-3")).GetAwaiter().GetResult();
#pragma warning restore VSTHRD002
            }
        });
        var result = await dlq.ReplayAsync(endpoint.ErrorQueue, ReplayFilter.Everything, Actor, progress, default);

        Assert.Equal((2, 2), (result.Examined, result.Replayed));
        Assert.Equal(1, await endpoint.DepthAsync(endpoint.ErrorQueue));
    }

    [Fact]
    public async Task A_replay_cancelled_halfway_loses_nothing()
    {
        await using var endpoint = await SyntheticEndpoint.CreateAsync();
        await endpoint.FailAsync(new("wwcorpA", "A-1"), new("wwcorpA", "A-2"), new("wwcorpB", "B-1"), new("wwcorpA", "A-3"), new("wwcorpA", "A-4"));
        using var dlq = Client();
        using var cancel = new CancellationTokenSource();

        var progress = new Recorder([], p =>
        {
            if (p.Examined == 3)
            {
                cancel.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dlq.ReplayAsync(endpoint.ErrorQueue, new ReplayFilter { CorpId = "wwcorpA" }, Actor, progress, cancel.Token));

        Assert.Equal(2, await endpoint.DepthAsync(endpoint.Queue));
        Assert.Equal(["B-1", "A-3", "A-4"], (await endpoint.DrainAsync(endpoint.ErrorQueue)).Select(OrderId));
        Assert.Contains(_audit.Collector.GetSnapshot(), r => r.Message.Contains("interrupted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_whose_endpoint_is_gone_stays_in_the_error_queue_and_is_reported()
    {
        await using var endpoint = await SyntheticEndpoint.CreateAsync();
        var ids = await endpoint.FailAsync(new("wwcorpA", "A-1", Endpoint: "itdlq-nobody-listens-here"), new("wwcorpA", "A-2"));
        using var dlq = Client();

        var result = await dlq.ReplayAsync(endpoint.ErrorQueue, ReplayFilter.Everything, Actor, null, default);

        Assert.Equal((1, 1), (result.Replayed, result.Failed));
        var failure = Assert.Single(result.Failures);
        Assert.Equal(ids[0], failure.MessageId);
        Assert.Contains("does not exist", failure.Error, StringComparison.Ordinal);
        Assert.Equal([ids[0]], (await endpoint.DrainAsync(endpoint.ErrorQueue)).Select(m => m.BasicProperties.MessageId));
    }

    [Fact]
    public async Task Purge_empties_a_dead_letter_queue_and_says_how_many()
    {
        await using var endpoint = await SyntheticEndpoint.CreateAsync();
        await endpoint.FailAsync(new("wwcorpA", "A-1"), new("wwcorpA", "A-2"), new("wwcorpB", "B-1"));
        using var dlq = Client();

        Assert.Equal(3, await dlq.PurgeAsync(endpoint.ErrorQueue, Actor, default));

        Assert.Equal(0, await endpoint.DepthAsync(endpoint.ErrorQueue));
        Assert.Contains(_audit.Collector.GetSnapshot(), r => r.Message.Contains($"DLQ purge by test:ops: 3 messages deleted from {endpoint.ErrorQueue}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Replay_and_purge_refuse_a_live_queue_and_leave_it_alone()
    {
        await using var endpoint = await SyntheticEndpoint.CreateAsync();
        await endpoint.PublishLiveAsync();
        using var dlq = Client();

        await Assert.ThrowsAsync<NotADeadLetterQueueException>(() => dlq.ReplayAsync(endpoint.Queue, ReplayFilter.Everything, Actor, null, default));
        await Assert.ThrowsAsync<NotADeadLetterQueueException>(() => dlq.PurgeAsync(endpoint.Queue, Actor, default));

        Assert.Equal(1, await endpoint.DepthAsync(endpoint.Queue));
        Assert.Equal(2, _audit.Collector.GetSnapshot().Count(r => r.Message.Contains("refused", StringComparison.Ordinal) && r.Message.Contains(endpoint.Queue, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_dead_letter_queue_that_does_not_exist_is_named()
    {
        using var dlq = Client();

        var missing = await Assert.ThrowsAsync<DeadLetterQueueNotFoundException>(() => dlq.PurgeAsync("itdlq-never-declared_error", Actor, default));

        Assert.Equal("itdlq-never-declared_error", missing.Queue);
    }

    private DeadLetterClient Client() => new(DeadLetterOptions.Create(RealServices.RabbitMq), _audit);

    private static string OrderId(RabbitMQ.Client.BasicGetResult message) =>
        System.Text.Json.JsonDocument.Parse(message.Body).RootElement.GetProperty("message").GetProperty("orderId").GetString()!;

    private sealed class Recorder(List<ReplayProgress> seen, Action<ReplayProgress>? also = null) : IProgress<ReplayProgress>
    {
        public void Report(ReplayProgress value)
        {
            seen.Add(value);
            also?.Invoke(value);
        }
    }
}
