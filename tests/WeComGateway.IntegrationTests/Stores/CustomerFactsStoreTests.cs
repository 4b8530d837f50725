using System.Text.Json;
using StackExchange.Redis;
using WeComGateway.Storage.Customers;

namespace WeComGateway.IntegrationTests.Stores;

/// <summary>What every customer facts store promises; run against Redis and the in-memory default.</summary>
public abstract class CustomerFactsStoreTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));
    protected static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    protected string CorpId { get; } = StoreRedis.NewCorpId();

    protected ICustomerFactsStore Store { get; set; } = null!;

    public static TheoryData<string> HostileCorpIds => ["", " ", "wwcorp:other", "wwcorp:*"];

    public static TheoryData<string> HostileExternalUserIds =>
        ["", "wm:other", "wm*", "wm?", "wm[0-9]", "wm 1", "wm\n1", "客户", "wm/../x", new string('w', ExternalUserIds.MaxLength + 1)];

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    /// <summary>The same store as another replica sees it (Redis: its own connection).</summary>
    protected abstract Task<ICustomerFactsStore> SecondReplicaAsync();

    [Fact]
    public async Task A_new_customer_is_written_at_version_1_and_read_back()
    {
        var customer = StoreRedis.NewExternalUserId();

        var before = await Store.GetAsync(CorpId, customer, default);
        var written = await Store.TryWriteAsync(CorpId, customer, 0, """{"stage":"new"}""", null, default);

        Assert.Null(before);
        Assert.True(written);
        Assert.Equal(new VersionedFacts("""{"stage":"new"}""", 1), await Store.GetAsync(CorpId, customer, default));
    }

    [Fact]
    public async Task Listing_pages_through_every_customer_of_the_corp_once_with_their_facts()
    {
        var customers = Enumerable.Range(0, 25).Select(_ => StoreRedis.NewExternalUserId()).ToList();
        foreach (var customer in customers)
        {
            await Store.TryWriteAsync(CorpId, customer, 0, $$"""{"id":"{{customer}}"}""", null, default);
        }

        await Store.TryWriteAsync(CorpId, customers[0], 1, """{"id":"rewritten"}""", null, default);
        await Store.TryWriteAsync(StoreRedis.NewCorpId(), StoreRedis.NewExternalUserId(), 0, "{}", null, default); // another corp (no grant: not stored)

        var seen = new List<StoredCustomerFacts>();
        long cursor = 0;
        var pages = 0;
        do
        {
            var page = await Store.ListAsync(CorpId, cursor, 10, default);
            seen.AddRange(page.Customers);
            cursor = page.NextCursor;
            Assert.True(++pages < 100, "the cursor never came back to 0");
        }
        while (cursor != 0);

        Assert.Equal(customers.Order(StringComparer.Ordinal), seen.Select(c => c.ExternalUserId).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(new VersionedFacts("""{"id":"rewritten"}""", 2), seen.First(c => c.ExternalUserId == customers[0]).Facts);
        Assert.Equal(new VersionedFacts($$"""{"id":"{{customers[1]}}"}""", 1), seen.First(c => c.ExternalUserId == customers[1]).Facts);
    }

    [Fact]
    public async Task A_write_based_on_a_stale_version_is_refused_and_leaves_the_newer_facts()
    {
        var customer = StoreRedis.NewExternalUserId();
        await Store.TryWriteAsync(CorpId, customer, 0, """{"stage":"new"}""", null, default);
        await Store.TryWriteAsync(CorpId, customer, 1, """{"stage":"active"}""", null, default);

        var staleUpdate = await Store.TryWriteAsync(CorpId, customer, 1, """{"stage":"stale"}""", null, default);
        var secondCreate = await Store.TryWriteAsync(CorpId, customer, 0, """{"stage":"stale"}""", null, default);
        var aheadOfTime = await Store.TryWriteAsync(CorpId, customer, 3, """{"stage":"stale"}""", null, default);

        Assert.Equal((false, false, false), (staleUpdate, secondCreate, aheadOfTime));
        Assert.Equal(new VersionedFacts("""{"stage":"active"}""", 2), await Store.GetAsync(CorpId, customer, default));
    }

    [Fact]
    public async Task Fifty_purchases_recorded_concurrently_by_two_replicas_are_all_counted()
    {
        const int Purchases = 50;
        var customer = StoreRedis.NewExternalUserId();
        ICustomerFactsStore[] replicas = [Store, await SecondReplicaAsync()];

        await Task.WhenAll(Enumerable.Range(0, Purchases).Select(i => Task.Run(() =>
            RecordPurchaseAsync(replicas[i % 2], customer, Now.AddMinutes(i)))));

        var facts = await Store.GetAsync(CorpId, customer, default);
        Assert.Equal(Purchases, Purchases_in(facts!.Json));
        Assert.Equal(Purchases, facts.Version);
        Assert.Equal([new CustomerRef(CorpId, customer)], await Store.ClaimDueAsync(CorpId, Now.AddDays(1), Lease, 100, default));
    }

    [Fact]
    public async Task A_due_time_puts_the_customer_in_the_due_index_and_no_due_time_takes_it_out()
    {
        var due = StoreRedis.NewExternalUserId();
        var undue = StoreRedis.NewExternalUserId();
        await Store.TryWriteAsync(CorpId, due, 0, "{}", Now, default);
        await Store.TryWriteAsync(CorpId, undue, 0, "{}", Now, default);

        await Store.TryWriteAsync(CorpId, undue, 1, "{}", null, default);

        Assert.Equal([new CustomerRef(CorpId, due)], await Store.ClaimDueAsync(CorpId, Now, Lease, 100, default));
    }

    [Fact]
    public async Task A_refused_write_leaves_the_due_time_alone()
    {
        var customer = StoreRedis.NewExternalUserId();
        await Store.TryWriteAsync(CorpId, customer, 0, "{}", Now, default);

        var refused = await Store.TryWriteAsync(CorpId, customer, 0, "{}", null, default);

        Assert.False(refused);
        Assert.Equal([new CustomerRef(CorpId, customer)], await Store.ClaimDueAsync(CorpId, Now, Lease, 100, default));
    }

    [Fact]
    public async Task The_scheduler_takes_only_customers_due_by_now_earliest_first_and_at_most_max()
    {
        var customers = Enumerable.Range(0, 5).Select(_ => StoreRedis.NewExternalUserId()).ToList();
        for (var i = 0; i < customers.Count; i++)
        {
            await Store.TryWriteAsync(CorpId, customers[i], 0, "{}", Now.AddHours(i - 3), default); // 3 overdue, 1 due now, 1 tomorrow-ish
        }

        await Store.TryWriteAsync(CorpId, StoreRedis.NewExternalUserId(), 0, "{}", null, default);

        var first = await Store.ClaimDueAsync(CorpId, Now, Lease, 3, default);
        var second = await Store.ClaimDueAsync(CorpId, Now, Lease, 3, default);

        Assert.Equal(customers.Take(3).Select(c => new CustomerRef(CorpId, c)), first);
        Assert.Equal([new CustomerRef(CorpId, customers[3])], second);
    }

    [Fact]
    public async Task A_claimed_customer_is_not_taken_again_within_its_lease_but_is_after_it()
    {
        var customer = StoreRedis.NewExternalUserId();
        await Store.TryWriteAsync(CorpId, customer, 0, "{}", Now, default);
        var expected = new CustomerRef(CorpId, customer);

        var claimed = await Store.ClaimDueAsync(CorpId, Now, Lease, 10, default);
        var byAnotherRun = await Store.ClaimDueAsync(CorpId, Now + Lease - TimeSpan.FromMilliseconds(1), Lease, 10, default);
        var afterTheLease = await Store.ClaimDueAsync(CorpId, Now + Lease, Lease, 10, default);

        Assert.Equal([expected], claimed);
        Assert.Empty(byAnotherRun);
        Assert.Equal([expected], afterTheLease);
    }

    [Fact]
    public async Task Writing_the_facts_after_a_claim_replaces_the_lease_with_the_real_next_due_time()
    {
        var customer = StoreRedis.NewExternalUserId();
        await Store.TryWriteAsync(CorpId, customer, 0, "{}", Now, default);
        await Store.ClaimDueAsync(CorpId, Now, Lease, 10, default);

        await Store.TryWriteAsync(CorpId, customer, 1, "{}", Now.AddDays(1), default);

        Assert.Empty(await Store.ClaimDueAsync(CorpId, Now + Lease, Lease, 10, default));
        Assert.Equal([new CustomerRef(CorpId, customer)], await Store.ClaimDueAsync(CorpId, Now.AddDays(1), Lease, 10, default));
    }

    [Fact]
    public async Task A_corp_is_listed_once_it_has_customers_and_dropped_once_none_is_due()
    {
        var customer = StoreRedis.NewExternalUserId();
        var before = await Store.CorpsAsync(default);
        await Store.TryWriteAsync(CorpId, customer, 0, "{}", Now, default);
        var listed = await Store.CorpsAsync(default);

        await Store.TryWriteAsync(CorpId, customer, 1, "{}", null, default);
        var claimed = await Store.ClaimDueAsync(CorpId, Now, Lease, 10, default);

        Assert.DoesNotContain(CorpId, before);
        Assert.Contains(CorpId, listed);
        Assert.Empty(claimed);
        Assert.DoesNotContain(CorpId, await Store.CorpsAsync(default));
    }

    [Fact]
    public async Task A_64_character_external_user_id_is_accepted()
    {
        var customer = new string('w', ExternalUserIds.MaxLength - 4) + "_-A9";

        Assert.True(await Store.TryWriteAsync(CorpId, customer, 0, "{}", null, default));
        Assert.NotNull(await Store.GetAsync(CorpId, customer, default));
    }

    [Theory]
    [MemberData(nameof(HostileCorpIds))]
    public async Task A_hostile_corp_id_is_rejected_by_every_operation(string corpId)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetAsync(corpId, "wm1", default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.TryWriteAsync(corpId, "wm1", 0, "{}", Now, default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.ClaimDueAsync(corpId, Now, Lease, 10, default));
    }

    [Theory]
    [MemberData(nameof(HostileExternalUserIds))]
    public async Task A_hostile_external_user_id_is_rejected_and_nothing_is_written(string externalUserId)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.GetAsync(CorpId, externalUserId, default));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.TryWriteAsync(CorpId, externalUserId, 0, "{}", Now, default));

        Assert.DoesNotContain(CorpId, await Store.CorpsAsync(default));
    }

    private async Task RecordPurchaseAsync(ICustomerFactsStore store, string customer, DateTimeOffset dueAt)
    {
        while (true)
        {
            var current = await store.GetAsync(CorpId, customer, default);
            var purchases = current is null ? 0 : Purchases_in(current.Json);
            var json = JsonSerializer.Serialize(new { purchases = purchases + 1 });
            if (await store.TryWriteAsync(CorpId, customer, current?.Version ?? 0, json, dueAt, default))
            {
                return;
            }
        }
    }

    private static int Purchases_in(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("purchases").GetInt32();
    }
}

public sealed class InMemoryCustomerFactsStoreTests : CustomerFactsStoreTests
{
    public override Task InitializeAsync()
    {
        Store = StoreRedis.Admit(new InMemoryCustomerFactsStore(), CorpId);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The embedded default is one process: every consumer shares the one instance.</summary>
    protected override Task<ICustomerFactsStore> SecondReplicaAsync() => Task.FromResult(Store);
}

public class RedisCustomerFactsStoreTests : CustomerFactsStoreTests
{
    /// <summary>The single Redis node; <see cref="RedisClusterCustomerFactsStoreTests"/> runs the same tests on a cluster.</summary>
    protected virtual Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisAsync();

    private readonly List<IConnectionMultiplexer> _connections = [];

    private IConnectionMultiplexer Redis => _connections[0];

    public override async Task InitializeAsync()
    {
        _connections.Add(await ConnectAsync());
        Store = new RedisCustomerFactsStore(Redis);
        await StoreRedis.AuthorizeAsync(Redis, CorpId);
    }

    public override async Task DisposeAsync()
    {
        await StoreRedis.ForgetCorpAsync(Redis, CorpId);
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    protected override async Task<ICustomerFactsStore> SecondReplicaAsync()
    {
        var connection = await ConnectAsync();
        _connections.Add(connection);
        return new RedisCustomerFactsStore(connection);
    }

    [Fact]
    public async Task Facts_are_a_hash_of_json_and_version_and_the_due_index_is_scored_in_unix_ms()
    {
        var customer = StoreRedis.NewExternalUserId();
        var db = Redis.GetDatabase();

        await Store.TryWriteAsync(CorpId, customer, 0, """{"stage":"new"}""", Now, default);

        var hash = (await db.HashGetAllAsync($"wecomgw:{{{CorpId}}}:customer:{customer}")).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        Assert.Equal(new Dictionary<string, string> { ["json"] = """{"stage":"new"}""", ["version"] = "1" }, hash);
        Assert.Null(await db.KeyTimeToLiveAsync($"wecomgw:{{{CorpId}}}:customer:{customer}"));
        Assert.Equal(Now.ToUnixTimeMilliseconds(), await db.SortedSetScoreAsync($"wecomgw:{{{CorpId}}}:customers:due", customer));
        Assert.True(await db.SetContainsAsync("wecomgw:automation:corps", CorpId));

        await Store.TryWriteAsync(CorpId, customer, 1, """{"stage":"active"}""", null, default);

        Assert.False(await db.KeyExistsAsync($"wecomgw:{{{CorpId}}}:customers:due"));
    }

    [Fact]
    public async Task After_cancel_auth_the_corps_customers_are_gone_and_the_corp_is_no_longer_listed()
    {
        var customer = StoreRedis.NewExternalUserId();
        await Store.TryWriteAsync(CorpId, customer, 0, "{}", Now, default);

        var removed = await StoreRedis.CancelAuthAsync(Redis, CorpId);
        var listedAfterCancelAuth = await Store.CorpsAsync(default);
        var claimed = await Store.ClaimDueAsync(CorpId, Now, Lease, 10, default);

        Assert.Equal(2 + 3, removed); // the grant and the grant set, the facts, the due index and the customer index
        Assert.DoesNotContain(CorpId, listedAfterCancelAuth);
        Assert.Empty(claimed);
        Assert.DoesNotContain(CorpId, await Store.CorpsAsync(default));
        Assert.Null(await Store.GetAsync(CorpId, customer, default));
    }

    [Fact]
    public async Task A_corp_id_with_glob_characters_keeps_its_customers_to_itself()
    {
        var globby = CorpId + "*";
        var neighbour = CorpId + "x";
        var customer = StoreRedis.NewExternalUserId();
        try
        {
            await StoreRedis.AuthorizeAsync(Redis, globby);
            await StoreRedis.AuthorizeAsync(Redis, neighbour);
            await Store.TryWriteAsync(globby, customer, 0, "{}", Now, default);
            await Store.TryWriteAsync(neighbour, customer, 0, "{}", Now, default);

            await StoreRedis.CancelAuthAsync(Redis, globby);

            Assert.Null(await Store.GetAsync(globby, customer, default));
            Assert.NotNull(await Store.GetAsync(neighbour, customer, default));
            Assert.Equal([new CustomerRef(neighbour, customer)], await Store.ClaimDueAsync(neighbour, Now, Lease, 10, default));
        }
        finally
        {
            await StoreRedis.ForgetCorpAsync(Redis, globby);
            await StoreRedis.ForgetCorpAsync(Redis, neighbour);
        }
    }
}

/// <summary>The same tests on the three-node Redis Cluster of deploy/local/test.sh (every key of a corp in one slot).</summary>
public sealed class RedisClusterCustomerFactsStoreTests : RedisCustomerFactsStoreTests
{
    protected override Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisClusterAsync();
}
