using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Automation;
using WeComGateway.Contracts;
using WeComGateway.Storage.Customers;
using WeComGateway.Testing;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.Workers.Customers;
using WeComGateway.Workers.Tests.Customers.Support;
using static WeComGateway.Workers.Tests.Customers.Support.CustomerEvents;

namespace WeComGateway.Workers.Tests.Customers;

/// <summary>
/// WeCom is called only after the facts are written: the write carries the decided effects as pending, they are
/// carried out, then cleared. Conflicts decide again without WeCom; redeliveries finish what a dead worker left.
/// </summary>
public sealed class PendingEffectsTests
{
    private const string Customer = "wmPendingCustomer1";

    private static readonly TagRef Poster42 = new("渠道", "poster-42");
    private static readonly TagRef 新客户 = new("客户阶段", "新客户");

    [Fact]
    public async Task A_write_conflict_decides_again_from_the_newer_facts_without_calling_WeCom_again()
    {
        var inner = new InMemoryCustomerFactsStore();
        var store = new InterruptingFactsStore(inner);
        await using var worker = await AutomationHarness.StartAsync((services, _) => services.AddSingleton(inner).AddSingleton<ICustomerFactsStore>(store));
        var purchase = CustomerEventMapper.From(Purchase(worker.CorpId, Customer, "A-1001", 88.50m, worker.Now, "水果"));
        store.BeforeNextWrite(inner => AnotherWorkerAppliesAsync(inner, purchase));

        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), state: "poster-42")));

        Assert.Equal(1, store.Conflicts);
        var mark = Assert.Single(await worker.WeCom.RequestsAsync<MarkTagRequest>(WeComApis.MarkTag));
        Assert.Equal([(await worker.WeCom.TagIdAsync(worker.CorpId, "渠道", "poster-42"))!, (await worker.WeCom.TagIdAsync(worker.CorpId, "客户阶段", "新客户"))!], mark.AddTag);
        Assert.Single(worker.Published<LifecycleStageChanged>());
        var stored = await worker.StoredAsync(Customer);
        Assert.Equal((1, "新客户"), (stored.Facts.PurchaseCount, stored.Facts.Stage)); // decided again on top of the other worker's purchase
        Assert.Equal([Employee], stored.Facts.FollowUsers);
        Assert.Equal([Poster42, 新客户], stored.Facts.Tags);
        Assert.Empty(stored.Pending);
    }

    [Fact]
    public async Task A_worker_that_dies_right_after_the_facts_write_is_repaired_by_the_redelivery_with_one_mark_tag_and_one_stage_event()
    {
        var inner = new InMemoryCustomerFactsStore();
        var store = new InterruptingFactsStore(inner);
        await using var worker = await AutomationHarness.StartAsync((services, _) => services.AddSingleton(inner).AddSingleton<ICustomerFactsStore>(store));
        store.DieAtWrite(1, afterStoring: true);

        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), state: "poster-42")));

        var mark = Assert.Single(await worker.WeCom.RequestsAsync<MarkTagRequest>(WeComApis.MarkTag));
        Assert.Equal([(await worker.WeCom.TagIdAsync(worker.CorpId, "渠道", "poster-42"))!, (await worker.WeCom.TagIdAsync(worker.CorpId, "客户阶段", "新客户"))!], mark.AddTag);
        Assert.Equal("新客户", Assert.Single(worker.Published<LifecycleStageChanged>()).To);
        Assert.Single(worker.Logs.GetSnapshot(), l => l.Message.Contains("its effects were not carried out", StringComparison.Ordinal));
        var stored = await worker.StoredAsync(Customer);
        Assert.Equal([Poster42, 新客户], stored.Facts.Tags);
        Assert.Empty(stored.Pending);
    }

    [Fact]
    public async Task A_worker_that_dies_before_clearing_its_effects_repeats_them_and_the_events_keep_their_message_ids()
    {
        var inner = new InMemoryCustomerFactsStore();
        var store = new InterruptingFactsStore(inner);
        await using var worker = await AutomationHarness.StartAsync((services, _) => services.AddSingleton(inner).AddSingleton<ICustomerFactsStore>(store));
        var published = new PublishedCopies();
        using var observing = worker.Harness.Bus.ConnectPublishObserver(published);
        store.DieAtWrite(2, afterStoring: false); // the first write stores the facts, the second would clear the effects
        var added = Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), state: "poster-42");

        Assert.Null(await worker.DeliverAsync(added));

        var marks = await worker.WeCom.RequestsAsync<MarkTagRequest>(WeComApis.MarkTag);
        Assert.Equal(2, marks.Count);
        Assert.Equal(marks[0].AddTag, marks[1].AddTag); // set-based: the repeat changes nothing
        var expected = CustomerEffects.MessageIdOf(worker.CorpId, Customer, added.DedupeKey, "stage");
        Assert.Equal([expected, expected], published.Of<LifecycleStageChanged>());
        Assert.Empty((await worker.StoredAsync(Customer)).Pending);
    }

    [Fact]
    public async Task Redelivered_events_applied_before_with_nothing_pending_call_WeCom_zero_times()
    {
        await using var worker = await AutomationHarness.StartAsync();
        await worker.UseRuleSetAsync(CorpRuleSets.FruitLover);
        var added = Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1));
        var purchase = Purchase(worker.CorpId, Customer, "A-1001", 88.50m, worker.Now, "水果");
        Assert.Null(await worker.DeliverAsync(added));
        Assert.Null(await worker.DeliverAsync(purchase));
        var (calls, version) = ((await worker.WeCom.CallsAsync()).Count, (await worker.StoredAsync(Customer)).Version);

        Assert.Null(await worker.DeliverAsync(added));
        Assert.Null(await worker.DeliverAsync(purchase));

        Assert.Equal(2, await worker.WeCom.CountAsync(WeComApis.MarkTag));
        Assert.Equal(calls, (await worker.WeCom.CallsAsync()).Count);
        Assert.Equal(version, (await worker.StoredAsync(Customer)).Version);
        Assert.Single(worker.Published<LifecycleStageChanged>());
    }

    [Fact]
    public async Task A_tag_change_WeCom_refused_stays_pending_without_blocking_later_events_and_the_replay_does_not_undo_them()
    {
        await using var worker = await AutomationHarness.StartAsync();
        await worker.WeCom.FailAsync(WeComApis.MarkTag, 40068, errmsg: "invalid tagid");
        var added = Added(worker.CorpId, Customer, worker.Now.AddSeconds(-60));
        Assert.NotNull(await worker.DeliverAsync(added)); // refused for good: to the error queue, its effects pending
        Assert.Equal(added.DedupeKey, Assert.Single((await worker.StoredAsync(Customer)).Pending).EventKey);

        Assert.Null(await worker.DeliverAsync(DeletedByCustomer(worker.CorpId, Customer, worker.Now.AddSeconds(-1))));
        Assert.Null(await worker.DeliverAsync(added)); // the replay, after the later event moved the stage on

        var marks = await worker.WeCom.CallsAsync(WeComApis.MarkTag);
        Assert.Equal([40068, 0], marks.Select(m => m.Errcode)); // the refused one and the lost customer's: the replay does not add 新客户 back
        Assert.Equal([(await worker.WeCom.TagIdAsync(worker.CorpId, "客户阶段", "无意向"))!], marks[1].Body<MarkTagRequest>().AddTag);
        Assert.Equal(["新客户", "无意向"], worker.Published<LifecycleStageChanged>().Select(m => m.To).Order(StringComparer.Ordinal));
        var stored = await worker.StoredAsync(Customer);
        Assert.Equal([new TagRef("客户阶段", "无意向")], stored.Facts.Tags);
        Assert.Empty(stored.Pending);
    }

    /// <summary>Another worker applies <paramref name="e"/> to the customer's stored document.</summary>
    private static async Task AnotherWorkerAppliesAsync(ICustomerFactsStore store, AutomationEvent e)
    {
        var stored = await store.GetAsync(e.CorpId, e.ExternalUserId, default);
        var facts = stored is null ? CustomerFacts.New(e.CorpId, e.ExternalUserId) : CustomerFactsRepository.Deserialize(stored.Json, stored.Version).Facts;
        var json = CustomerFactsRepository.Serialize(CustomerFactsUpdater.Apply(facts, e)!, []);
        Assert.True(await store.TryWriteAsync(e.CorpId, e.ExternalUserId, stored?.Version ?? 0, json, null, default));
    }

    /// <summary>Every publish on the bus with its message id, repeats included.</summary>
    private sealed class PublishedCopies : IPublishObserver
    {
        private readonly ConcurrentQueue<(Type Type, Guid? MessageId)> _published = new();

        public IReadOnlyList<Guid?> Of<T>() => [.. _published.Where(p => p.Type == typeof(T)).Select(p => p.MessageId)];

        public Task PrePublish<T>(PublishContext<T> context)
            where T : class => Task.CompletedTask;

        public Task PostPublish<T>(PublishContext<T> context)
            where T : class
        {
            _published.Enqueue((typeof(T), context.MessageId));
            return Task.CompletedTask;
        }

        public Task PublishFault<T>(PublishContext<T> context, Exception exception)
            where T : class => Task.CompletedTask;
    }
}
