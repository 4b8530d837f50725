using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using WeComGateway.Automation;
using WeComGateway.Contracts;
using WeComGateway.IntegrationTests.Stores;
using WeComGateway.Storage.Customers;
using WeComGateway.Workers.Customers;
using WeComGateway.Workers.Diagnostics;

namespace WeComGateway.IntegrationTests.Customers;

/// <summary>
/// The customer document as both consumers read and write it (<see cref="CustomerFactsRepository"/>), on Redis and
/// on the in-memory default: facts and pending effects stored together, compare-and-set that decides again.
/// </summary>
public abstract class CustomerFactsRepositoryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly TagRef 新客户 = new("客户阶段", "新客户");

    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();

    protected string CorpId { get; } = StoreRedis.NewCorpId();

    protected ICustomerFactsStore Store { get; set; } = null!;

    private string Customer { get; } = StoreRedis.NewExternalUserId();

    public abstract Task InitializeAsync();

    public virtual Task DisposeAsync() => _meters.DisposeAsync().AsTask();

    /// <summary>The same store as another replica sees it (Redis: its own connection).</summary>
    protected abstract Task<ICustomerFactsStore> SecondReplicaAsync();

    [Fact]
    public async Task Facts_and_pending_effects_are_written_in_one_step_and_read_back_together_by_another_replica()
    {
        var added = Added("zhangsan", "add-1");
        var facts = CustomerFactsUpdater.Apply(CustomerFacts.New(CorpId, Customer), added)! with { Stage = "新客户", Tags = [新客户] };
        var effects = Effects(added, 新客户);

        var (_, written) = await Repository(Store).UpdateAsync(added, null, _ => Write(facts, [effects]), default);
        var read = await Repository(await SecondReplicaAsync()).GetAsync(CorpId, Customer, default);

        Assert.Equal(1, written.Version);
        Assert.Equal(1, read.Version);
        Assert.Equal("新客户", read.Facts.Stage);
        Assert.Equal([新客户], read.Facts.Tags);
        Assert.Equal(["zhangsan"], read.Facts.FollowUsers);
        Assert.Equal(["add-1"], read.Facts.RecentEventKeys);
        var pending = Assert.Single(read.Pending);
        Assert.Equal(("add-1", "wwsuite0000000001", "zhangsan"), (pending.EventKey, pending.Tags?.SuiteId, pending.Tags?.Employee));
        Assert.Equal([新客户], pending.Tags?.Add);
        Assert.Empty(pending.Tags!.Remove);
        Assert.Equal(effects.StageChanged, pending.StageChanged);
    }

    [Fact]
    public async Task The_stored_document_is_still_the_facts_json_that_plain_readers_understand()
    {
        var added = Added("zhangsan", "add-1");
        var facts = CustomerFactsUpdater.Apply(CustomerFacts.New(CorpId, Customer), added)! with { Stage = "新客户", Tags = [新客户] };
        await Repository(Store).UpdateAsync(added, null, _ => Write(facts, [Effects(added, 新客户)]), default);

        var raw = await Store.GetAsync(CorpId, Customer, default);
        var plain = JsonSerializer.Deserialize<CustomerFacts>(raw!.Json, JsonSerializerOptions.Web)!;

        Assert.Equal("新客户", plain.Stage);
        Assert.Equal([新客户], plain.Tags);
        Assert.Equal(["zhangsan"], plain.FollowUsers);
        using var document = JsonDocument.Parse(raw.Json);
        Assert.Equal(JsonValueKind.Array, document.RootElement.GetProperty("pendingEffects").ValueKind);
    }

    [Fact]
    public async Task Facts_written_before_pending_effects_existed_are_read_with_none()
    {
        var facts = CustomerFacts.New(CorpId, Customer) with { PurchaseCount = 2, FollowUsers = ["zhangsan"] };
        Assert.True(await Store.TryWriteAsync(CorpId, Customer, 0, JsonSerializer.Serialize(facts, JsonSerializerOptions.Web), null, default));

        var read = await Repository(Store).GetAsync(CorpId, Customer, default);

        Assert.Equal((2, 1L), (read.Facts.PurchaseCount, read.Version));
        Assert.Equal(["zhangsan"], read.Facts.FollowUsers);
        Assert.Empty(read.Pending);
    }

    [Fact]
    public async Task A_write_that_loses_to_another_replica_decides_again_on_what_that_replica_wrote()
    {
        var other = Repository(await SecondReplicaAsync());
        var purchase = Purchase("A-1001");
        var added = Added("zhangsan", "add-1");
        var seen = new List<int>();

        await Repository(Store).UpdateAsync(added, null, async stored =>
        {
            seen.Add(stored.Facts.PurchaseCount);
            if (seen.Count == 1)
            {
                await other.UpdateAsync(purchase, null, s => Write(CustomerFactsUpdater.Apply(s.Facts, purchase)!, s.Pending), default);
            }

            return (true, new CustomerWrite(CustomerFactsUpdater.Apply(stored.Facts, added)!, stored.Pending, null));
        }, default);

        Assert.Equal([0, 1], seen);
        var read = await other.GetAsync(CorpId, Customer, default);
        Assert.Equal((1, 2L), (read.Facts.PurchaseCount, read.Version));
        Assert.Equal(["zhangsan"], read.Facts.FollowUsers);
    }

    [Fact]
    public async Task Clearing_an_events_pending_effects_keeps_the_facts_and_the_other_events_effects()
    {
        var first = Added("zhangsan", "add-1");
        var second = Added("lisi", "add-2");
        var facts = CustomerFactsUpdater.Apply(CustomerFactsUpdater.Apply(CustomerFacts.New(CorpId, Customer), first)!, second)!;
        var (_, written) = await Repository(Store).UpdateAsync(first, null, _ => Write(facts, [Effects(first, 新客户), Effects(second, 新客户)]), default);

        await Repository(Store).ClearPendingAsync(first, written, [], _ => Now.AddDays(1), default);

        var read = await Repository(Store).GetAsync(CorpId, Customer, default);
        Assert.Equal("add-2", Assert.Single(read.Pending).EventKey);
        Assert.Equal(["zhangsan", "lisi"], read.Facts.FollowUsers);
        Assert.Equal(2, read.Version);
    }

    [Fact]
    public async Task The_welcome_reads_the_facts_the_automation_wrote_with_the_new_contact_folded_in_and_writes_nothing()
    {
        var purchase = Purchase("A-1001");
        await Repository(Store).UpdateAsync(purchase, null, s => Write(CustomerFactsUpdater.Apply(s.Facts, purchase)!, s.Pending), default);

        var known = await Repository(await SecondReplicaAsync()).GetFoldedAsync(Added("lisi", "add-1"), default);

        Assert.Equal((1, 88.5m), (known.PurchaseCount, known.TotalSpent));
        Assert.Equal(["lisi"], known.FollowUsers);
        Assert.Equal(1, (await Store.GetAsync(CorpId, Customer, default))!.Version);
    }

    private static Task<(bool, CustomerWrite?)> Write(CustomerFacts facts, IReadOnlyList<PendingEffects> pending) =>
        Task.FromResult<(bool, CustomerWrite?)>((true, new CustomerWrite(facts, pending, null)));

    private static PendingEffects Effects(AutomationEvent e, TagRef stageTag) => new()
    {
        EventKey = e.EventKey,
        Tags = new PendingTagChange("wwsuite0000000001", e.UserId!, [stageTag], []),
        StageChanged = new LifecycleStageChanged { CorpId = e.CorpId, ExternalUserId = e.ExternalUserId, To = stageTag.Name, Reason = "first-stage", At = Now },
    };

    private AutomationEvent Added(string userId, string key) => new()
    {
        Kind = AutomationEventKind.ContactAdded,
        CorpId = CorpId,
        ExternalUserId = Customer,
        EventKey = key,
        OccurredAt = Now,
        UserId = userId,
    };

    private AutomationEvent Purchase(string orderId) => new()
    {
        Kind = AutomationEventKind.PurchaseRecorded,
        CorpId = CorpId,
        ExternalUserId = Customer,
        EventKey = "order:" + orderId,
        OccurredAt = Now,
        OrderId = orderId,
        Amount = 88.5m,
        Categories = ["水果"],
    };

    private CustomerFactsRepository Repository(ICustomerFactsStore store) => new(
        store,
        Options.Create(new AutomationOptions()),
        new WorkerMetrics(_meters.GetRequiredService<IMeterFactory>()),
        NullLogger<CustomerFactsRepository>.Instance);
}

public sealed class InMemoryCustomerFactsRepositoryTests : CustomerFactsRepositoryTests
{
    public override Task InitializeAsync()
    {
        Store = StoreRedis.Admit(new InMemoryCustomerFactsStore(), CorpId);
        return Task.CompletedTask;
    }

    /// <summary>The embedded default is one process: every consumer shares the one instance.</summary>
    protected override Task<ICustomerFactsStore> SecondReplicaAsync() => Task.FromResult(Store);
}

public sealed class RedisCustomerFactsRepositoryTests : CustomerFactsRepositoryTests
{
    private readonly List<IConnectionMultiplexer> _connections = [];

    public override async Task InitializeAsync()
    {
        _connections.Add(await RealServices.ConnectRedisAsync());
        Store = new RedisCustomerFactsStore(_connections[0]);
        await StoreRedis.AuthorizeAsync(_connections[0], CorpId);
    }

    public override async Task DisposeAsync()
    {
        await StoreRedis.ForgetCorpAsync(_connections[0], CorpId);
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    protected override async Task<ICustomerFactsStore> SecondReplicaAsync()
    {
        var connection = await RealServices.ConnectRedisAsync();
        _connections.Add(connection);
        return new RedisCustomerFactsStore(connection);
    }
}
