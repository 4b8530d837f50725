using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using WeComGateway.Contracts;
using WeComGateway.Storage.StoreCodes;
using WeComGateway.Testing;
using WeComGateway.Workers.Hosting;
using WeComGateway.Workers.StoreCodes;

namespace WeComGateway.Workers.Tests.StoreCodes;

/// <summary>What the store-code counting consumer counts, and what it leaves alone (in-memory bus and store).</summary>
public sealed class StoreCodeCountingTests : IAsyncDisposable
{
    private const string CorpId = "wwstorecorp00001";
    private const string Chat = "wrchatstore00001";

    private readonly ServiceProvider _services;
    private readonly InMemoryStoreCodeStore _store = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    public StoreCodeCountingTests()
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddMetrics();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<IStoreCodeStore>(_store);
        services.AddStoreCodeCountingServices(configuration);
        services.AddMassTransitTestHarness(x =>
        {
            x.AddStoreCodeCountingConsumers();
            x.AddWorkerEndpointDefaults();
        });
        _services = services.BuildServiceProvider(validateScopes: true);
        _store.AdmitCorp(CorpId);
    }

    private ITestHarness Harness => _services.GetRequiredService<ITestHarness>();

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task A_QR_code_join_into_a_stores_chat_counts_for_the_way_and_the_store_and_is_published()
    {
        await SeedStoreWayAsync();
        await Harness.Start();

        await DeliverAsync(Joined("e1", joinScene: 3, members: ["wm1", "wm2"]));
        await DeliverAsync(Joined("e1", joinScene: 3, members: ["wm1", "wm2"])); // the same event again

        var counts = await _store.GetCountsAsync(CorpId, default);
        Assert.Equal(2, counts.Get(StoreCodeCounters.WayJoins("cfg-join")));
        Assert.Equal(2, counts.Get(StoreCodeCounters.Joins("spring", "jingan")));
        var published = Assert.Single(Harness.Published.Select<GroupJoinCounted>().ToList()).Context.Message;
        Assert.Equal((2, 2L, "jingan", "st:spring:jingan"), (published.Joined, published.TotalJoins, published.StoreId, published.State));
    }

    [Fact]
    public async Task Joins_by_invitation_into_chats_of_no_way_or_of_corps_without_a_grant_are_not_counted()
    {
        await SeedStoreWayAsync();
        await Harness.Start();

        await DeliverAsync(Joined("e1", joinScene: 0, members: ["wm1"])); // invited by a member
        await DeliverAsync(Joined("e2", joinScene: 3, members: ["wm1"]) with { ChatId = "wrotherchat" });
        _store.ForgetCorp(CorpId);
        await DeliverAsync(Joined("e3", joinScene: 3, members: ["wm1"]));

        Assert.Empty((await _store.GetCountsAsync(CorpId, default)).Values);
        Assert.Empty(Harness.Published.Select<GroupJoinCounted>());
    }

    [Fact]
    public async Task A_join_event_without_member_ids_counts_MemChangeCnt()
    {
        await SeedStoreWayAsync();
        await Harness.Start();

        await DeliverAsync(Joined("e1", joinScene: 3, members: []) with { MemChangeCnt = 3 });

        Assert.Equal(3, (await _store.GetCountsAsync(CorpId, default)).Get(StoreCodeCounters.WayJoins("cfg-join")));
    }

    [Fact]
    public async Task Adds_count_for_a_stores_code_once_and_other_states_not_at_all()
    {
        await _store.AddCodeAsync(CorpId, new StoreCode("spring", "jingan", StoreCodeKind.Contact, "cfg-c", null, "st:spring:jingan", _time.GetUtcNow()), null, default);
        await Harness.Start();

        await DeliverAsync(Added("a1", "st:spring:jingan"));
        await DeliverAsync(Added("a1", "st:spring:jingan"));
        await DeliverAsync(Added("a2", "st:spring:xuhui")); // a state of the form, but no code was made for it
        await DeliverAsync(Added("a3", "poster-42"));

        var counts = await _store.GetCountsAsync(CorpId, default);
        Assert.Equal(1, counts.Get(StoreCodeCounters.Adds("spring", "jingan")));
        Assert.Single(counts.Values);
    }

    private Task SeedStoreWayAsync() => _store.AddCodeAsync(
        CorpId,
        new StoreCode("spring", "jingan", StoreCodeKind.Group, "cfg-join", null, "st:spring:jingan", _time.GetUtcNow()),
        new GroupJoinWay("cfg-join", 2, null, "st:spring:jingan", [Chat], true, "静安店", 1, null, "spring", "jingan", _time.GetUtcNow()),
        default);

    private async Task DeliverAsync<T>(T message)
        where T : class
    {
        var before = Harness.Consumed.Select<T>().Count();
        await Harness.Bus.Publish(message);
        await Eventually.ValueAsync(() => Harness.Consumed.Select<T>().Skip(before).FirstOrDefault(), $"{typeof(T).Name} to be consumed", timeout: TimeSpan.FromSeconds(10));
        await Harness.InactivityTask;
    }

    private GroupChatMemberJoined Joined(string dedupeKey, int joinScene, string[] members) => new()
    {
        SuiteId = "wwsuite0000000001", CorpId = CorpId, EventTime = _time.GetUtcNow(), ReceivedAt = _time.GetUtcNow(), DedupeKey = dedupeKey,
        ChatId = Chat, JoinScene = joinScene, MemChangeCnt = members.Length, MemberIds = members,
    };

    private ExternalContactAdded Added(string dedupeKey, string state) => new()
    {
        SuiteId = "wwsuite0000000001", CorpId = CorpId, EventTime = _time.GetUtcNow(), ReceivedAt = _time.GetUtcNow(), DedupeKey = dedupeKey,
        UserId = "zhangsan", ExternalUserId = "wm" + dedupeKey, State = state,
    };
}
