using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using WeComGateway.Storage;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Claims;
using WeComGateway.Storage.Customers;
using WeComGateway.Storage.Secrets;
using WeComGateway.Storage.Tokens;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.IntegrationTests.Stores;

/// <summary>
/// A corp's authorization (its permanent code) is kept until cancel_auth, which removes everything the gateway keeps
/// of the corp. Against Redis and in memory.
/// </summary>
public abstract class AuthorizationStoreTests : IAsyncLifetime
{
    protected const string SuiteId = "wwsuite0000000001";
    protected static readonly DateTimeOffset AuthorizedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_772_413_200_123);

    protected string CorpId { get; } = NewCorpId();

    protected string Neighbour { get; } = NewCorpId();

    /// <summary>The stores of one host, so that cancel_auth can be checked against each of them.</summary>
    protected CorpStores Stores { get; set; } = null!;

    protected IAuthorizationStore Store => Stores.Authorizations;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    protected const string OtherSuiteId = "dkcustomapp000001";

    [Fact]
    public async Task A_grant_round_trips_and_a_corp_without_one_has_none()
    {
        var authorization = new CorpAuthorization(CorpId, SuiteId, $"perm-{Guid.NewGuid():N}", "水果店", AuthorizedAt);

        await Store.SaveAsync(authorization, CancellationToken.None);

        Assert.Equal(authorization, await Store.GetAsync(CorpId, SuiteId, CancellationToken.None));
        Assert.Null(await Store.GetAsync(CorpId, OtherSuiteId, CancellationToken.None));
        Assert.Null(await Store.GetAsync(Neighbour, SuiteId, CancellationToken.None));
        Assert.Equal([authorization], await Store.ListAsync(CorpId, CancellationToken.None));
        Assert.Empty(await Store.ListAsync(Neighbour, CancellationToken.None));
    }

    [Fact]
    public async Task The_apps_agent_id_is_kept_with_the_grant_and_a_grant_without_one_reads_back_without()
    {
        var withAgent = new CorpAuthorization(CorpId, SuiteId, "perm-agent", "水果店", AuthorizedAt, AgentId: 1000017);
        var withoutAgent = new CorpAuthorization(CorpId, OtherSuiteId, "secret", null, AuthorizedAt);

        await Store.SaveAsync(withAgent, CancellationToken.None);
        await Store.SaveAsync(withoutAgent, CancellationToken.None);

        Assert.Equal(1000017L, (await Store.GetAsync(CorpId, SuiteId, CancellationToken.None))!.AgentId);
        Assert.Null((await Store.GetAsync(CorpId, OtherSuiteId, CancellationToken.None))!.AgentId);
        await Store.SaveAsync(withAgent with { AgentId = null }, CancellationToken.None);
        Assert.Null((await Store.GetAsync(CorpId, SuiteId, CancellationToken.None))!.AgentId);
    }

    [Fact]
    public async Task Two_suites_of_one_corp_keep_a_grant_each()
    {
        var thirdParty = new CorpAuthorization(CorpId, SuiteId, "perm-third-party", "水果店", AuthorizedAt);
        var customApp = new CorpAuthorization(CorpId, OtherSuiteId, "secret-custom-app", "水果店", AuthorizedAt.AddHours(1));

        await Store.SaveAsync(thirdParty, CancellationToken.None);
        await Store.SaveAsync(customApp, CancellationToken.None);
        await Store.MarkInactiveAsync(CorpId, OtherSuiteId, "errcode 40001", CancellationToken.None);

        Assert.Equal(thirdParty, await Store.GetAsync(CorpId, SuiteId, CancellationToken.None));
        Assert.Equal(customApp with { Active = false, InactiveReason = "errcode 40001" }, await Store.GetAsync(CorpId, OtherSuiteId, CancellationToken.None));
        Assert.Equal([OtherSuiteId, SuiteId], (await Store.ListAsync(CorpId, CancellationToken.None)).Select(g => g.SuiteId)); // by suite id
    }

    [Fact]
    public async Task Saving_again_replaces_the_grant_including_the_fields_it_leaves_out()
    {
        await Store.SaveAsync(new CorpAuthorization(CorpId, SuiteId, "old-code", "水果店", AuthorizedAt, false, "errcode 40084"), CancellationToken.None);
        var replacement = new CorpAuthorization(CorpId, SuiteId, "new-code", null, AuthorizedAt.AddDays(1));

        await Store.SaveAsync(replacement, CancellationToken.None);

        Assert.Equal(replacement, await Store.GetAsync(CorpId, SuiteId, CancellationToken.None));
    }

    [Fact]
    public async Task Marking_a_grant_inactive_keeps_its_code_and_never_creates_one()
    {
        await Store.SaveAsync(new CorpAuthorization(CorpId, SuiteId, "code", "水果店", AuthorizedAt), CancellationToken.None);

        await Store.MarkInactiveAsync(CorpId, SuiteId, "errcode 40084", CancellationToken.None);
        await Store.MarkInactiveAsync(CorpId, OtherSuiteId, "errcode 40084", CancellationToken.None);
        await Store.MarkInactiveAsync(Neighbour, SuiteId, "errcode 40084", CancellationToken.None);

        var stored = await Store.GetAsync(CorpId, SuiteId, CancellationToken.None);
        Assert.Equal((false, "errcode 40084", "code"), (stored?.Active, stored?.InactiveReason, stored?.PermanentCode));
        Assert.Null(await Store.GetAsync(CorpId, OtherSuiteId, CancellationToken.None));
        Assert.Null(await Store.GetAsync(Neighbour, SuiteId, CancellationToken.None));
    }

    [Fact]
    public async Task Cancelling_one_of_two_grants_keeps_the_corps_data_and_the_other_grant()
    {
        await Stores.SeedAsync(CorpId);
        await Store.SaveAsync(new CorpAuthorization(CorpId, OtherSuiteId, "secret", null, AuthorizedAt), CancellationToken.None);

        var removal = await Store.RemoveGrantAsync(CorpId, SuiteId, CancellationToken.None);

        Assert.Equal((true, 2L), (removal.GrantRemoved, removal.KeysRemoved)); // the grant and its corp token
        Assert.Equal([OtherSuiteId], removal.RemainingSuiteIds);
        Assert.Null(await Store.GetAsync(CorpId, SuiteId, CancellationToken.None));
        Assert.NotNull(await Store.GetAsync(CorpId, OtherSuiteId, CancellationToken.None));
        Assert.Equal(CorpData.Seeded with { Authorized = false, Token = false }, await Stores.ReadAsync(CorpId));
    }

    [Fact]
    public async Task Cancelling_the_last_grant_removes_everything_kept_of_the_corp_and_nothing_of_another()
    {
        await Stores.SeedAsync(CorpId);
        await Stores.SeedAsync(Neighbour);

        var removal = await Store.RemoveGrantAsync(CorpId, SuiteId, CancellationToken.None);
        var again = await Store.RemoveGrantAsync(CorpId, SuiteId, CancellationToken.None);

        Assert.Equal((true, true), (removal.GrantRemoved, removal.CorpRemoved));
        Assert.Equal(1 + 3 + 1 + 1 + 1 + 1 + 1, removal.KeysRemoved); // grant (its set goes with its last member), customer, due index and customer index, tags, rules, employees, welcome claim, corp token
        Assert.Equal((false, true, 0L), (again.GrantRemoved, again.CorpRemoved, again.KeysRemoved));
        Assert.Equal(CorpData.Nothing, await Stores.ReadAsync(CorpId));
        Assert.Equal(CorpData.Seeded, await Stores.ReadAsync(Neighbour));
    }

    [Fact]
    public async Task Deleting_the_corp_removes_every_grant_and_everything_kept_of_it()
    {
        await Stores.SeedAsync(CorpId);
        await Store.SaveAsync(new CorpAuthorization(CorpId, OtherSuiteId, "secret", null, AuthorizedAt), CancellationToken.None);

        var removed = await Store.DeleteCorpAsync(CorpId, CancellationToken.None);

        Assert.Equal(3 + 3 + 1 + 1 + 1 + 1 + 1, removed); // two grants + grant set, customer, due index and customer index, tags, rules, employees, welcome claim, corp token
        Assert.Equal(0, await Store.DeleteCorpAsync(CorpId, CancellationToken.None));
        Assert.Empty(await Store.ListAsync(CorpId, CancellationToken.None));
        Assert.Equal(CorpData.Nothing, await Stores.ReadAsync(CorpId));
    }

    [Fact]
    public async Task Without_a_grant_no_data_of_the_corp_is_written_until_it_is_authorized_again()
    {
        await Stores.SeedAsync(CorpId, authorize: false); // never installed here
        var neverInstalled = await Stores.ReadAsync(CorpId);
        await Stores.SeedAsync(CorpId);
        await Store.RemoveGrantAsync(CorpId, SuiteId, CancellationToken.None);

        await Stores.SeedAsync(CorpId, authorize: false); // late writers: a consumer mid-event, the scheduler, a welcome, the tag cache

        Assert.Equal(CorpData.Nothing, neverInstalled);
        Assert.Equal(CorpData.Nothing, await Stores.ReadAsync(CorpId));
        Assert.DoesNotContain(CorpId, await Stores.Facts.CorpsAsync(CancellationToken.None));
        await Stores.SeedAsync(CorpId);
        Assert.Equal(CorpData.Seeded, await Stores.ReadAsync(CorpId));
    }

    [Fact]
    public async Task A_hostile_corp_or_suite_id_is_rejected()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.SaveAsync(new CorpAuthorization("wwcorp:other", SuiteId, "code", null, AuthorizedAt), CancellationToken.None));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.DeleteCorpAsync("", CancellationToken.None));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.SaveAsync(new CorpAuthorization("ww{other}", SuiteId, "code", null, AuthorizedAt), CancellationToken.None));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.SaveAsync(new CorpAuthorization(CorpId, "suite:x", "code", null, AuthorizedAt), CancellationToken.None));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.RemoveGrantAsync(CorpId, "{suite}", CancellationToken.None));
    }

    protected static string NewCorpId() => "wwit" + Guid.NewGuid().ToString("N")[..14];

    /// <summary>What of a corp <see cref="CorpStores.ReadAsync"/> found.</summary>
    protected sealed record CorpData(bool Authorized, bool Customer, bool Due, bool Tags, bool Rules, bool Employee, bool WelcomeSent, bool Token)
    {
        public static readonly CorpData Seeded = new(true, true, true, true, true, true, true, true);
        public static readonly CorpData Nothing = new(false, false, false, false, false, false, false, false);
    }

    protected sealed record CorpStores(
        IAuthorizationStore Authorizations,
        ICustomerFactsStore Facts,
        ICorpTagCache Tags,
        IRuleSetStore Rules,
        IEmployeeNameStore Employees,
        IClaimStore Claims,
        ITokenStore Tokens)
    {
        private static readonly DateTimeOffset DueAt = DateTimeOffset.UnixEpoch;

        /// <summary>One of each thing the gateway keeps of a corp, written through its store.</summary>
        public async Task SeedAsync(string corpId, bool authorize = true)
        {
            if (authorize)
            {
                await Authorizations.SaveAsync(new CorpAuthorization(corpId, SuiteId, $"perm-{corpId}", null, AuthorizedAt), CancellationToken.None);
            }

            await Facts.TryWriteAsync(corpId, "wm0001", 0, "{}", DueAt, CancellationToken.None);
            await Tags.SetAsync(corpId, "[]", TimeSpan.FromHours(1), CancellationToken.None);
            await Rules.SetAsync(corpId, "{}", CancellationToken.None);
            await Employees.SetAsync(corpId, "zhangsan", "张三", CancellationToken.None);
            await Claims.TryClaimAsync(ClaimKey.WelcomeCode(corpId, "welcome-" + corpId), "worker-a", TimeSpan.FromSeconds(5), CancellationToken.None);
            await Claims.FinalizeAsync(ClaimKey.WelcomeCode(corpId, "welcome-" + corpId), TimeSpan.FromDays(1), CancellationToken.None);
            await Tokens.SetAsync(TokenKey.Corp(SuiteId, corpId).CacheKey, new CachedToken("corp-token", DateTimeOffset.UtcNow.AddHours(2)), CancellationToken.None);
        }

        public async Task<CorpData> ReadAsync(string corpId) => new(
            await Authorizations.GetAsync(corpId, SuiteId, CancellationToken.None) is not null,
            await Facts.GetAsync(corpId, "wm0001", CancellationToken.None) is not null,
            (await Facts.ClaimDueAsync(corpId, DueAt, TimeSpan.FromMilliseconds(1), 10, CancellationToken.None)).Count > 0,
            await Tags.GetAsync(corpId, CancellationToken.None) is not null,
            await Rules.GetAsync(corpId, CancellationToken.None) is not null,
            await Employees.GetAsync(corpId, "zhangsan", CancellationToken.None) is not null,
            await Claims.TryClaimAsync(ClaimKey.WelcomeCode(corpId, "welcome-" + corpId), "reader", TimeSpan.FromMilliseconds(1), CancellationToken.None) == ClaimOutcome.AlreadyFinalized,
            await Tokens.GetAsync(TokenKey.Corp(SuiteId, corpId).CacheKey, CancellationToken.None) is not null);
    }
}

/// <summary>The in-memory stores as <see cref="StoreServiceCollectionExtensions.AddGatewayStores"/> wires them.</summary>
public sealed class InMemoryAuthorizationStoreTests : AuthorizationStoreTests
{
    private ServiceProvider _services = null!;

    public override Task InitializeAsync()
    {
        _services = new ServiceCollection().AddGatewayStores(new ConfigurationBuilder().Build()).BuildServiceProvider();
        Stores = new CorpStores(
            _services.GetRequiredService<IAuthorizationStore>(),
            _services.GetRequiredService<ICustomerFactsStore>(),
            _services.GetRequiredService<ICorpTagCache>(),
            _services.GetRequiredService<IRuleSetStore>(),
            _services.GetRequiredService<IEmployeeNameStore>(),
            _services.GetRequiredService<IClaimStore>(),
            _services.GetRequiredService<ITokenStore>());
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync() => await _services.DisposeAsync();
}

/// <summary>Permanent codes encrypted at rest; cancel_auth finds the corp's keys by name and through its key index (no SCAN).</summary>
public class RedisAuthorizationStoreTests : AuthorizationStoreTests
{
    /// <summary>The single Redis node; <see cref="RedisClusterAuthorizationStoreTests"/> runs the same tests on a cluster.</summary>
    protected virtual Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisAsync();

    private readonly SecretProtector _protector = new(RandomNumberGenerator.GetBytes(32));
    private IConnectionMultiplexer _redis = null!;

    public override async Task InitializeAsync()
    {
        _redis = await ConnectAsync();
        Stores = new CorpStores(
            new RedisAuthorizationStore(_redis, _protector),
            new RedisCustomerFactsStore(_redis),
            new RedisCorpTagCache(_redis),
            new RedisRuleSetStore(_redis, TimeProvider.System),
            new RedisEmployeeNameStore(_redis),
            new RedisClaimStore(_redis),
            new RedisTokenStore(_redis, TimeProvider.System));
    }

    public override async Task DisposeAsync()
    {
        await StoreRedis.ForgetCorpAsync(_redis, CorpId);
        await StoreRedis.ForgetCorpAsync(_redis, Neighbour);
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task The_permanent_code_round_trips_encrypted_and_is_nowhere_in_the_raw_hash()
    {
        var corpId = NewCorpId();
        var permanentCode = $"perm-{Guid.NewGuid():N}";
        var authorizedAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var authorization = new CorpAuthorization(corpId, SuiteId, permanentCode, "水果店", authorizedAt);

        await Store.SaveAsync(authorization, CancellationToken.None);

        var raw = await _redis.GetDatabase().HashGetAllAsync($"wecomgw:{{{corpId}}}:auth:{SuiteId}");
        Assert.NotEmpty(raw);
        Assert.DoesNotContain(raw, e => e.Name.ToString().Contains(permanentCode, StringComparison.Ordinal)
            || e.Value.ToString().Contains(permanentCode, StringComparison.Ordinal));
        Assert.Equal(authorization, await Store.GetAsync(corpId, SuiteId, CancellationToken.None));

        var encrypted = raw.Single(e => e.Name == "permanent_code_enc").Value.ToString();
        Assert.Throws<SecretUnprotectException>(() => _protector.Unprotect(encrypted, SecretBinding.PermanentCode(NewCorpId())));
        Assert.Equal(2, await Store.DeleteCorpAsync(corpId, CancellationToken.None)); // the grant and the grant set
    }

    [Fact]
    public async Task A_ciphertext_copied_into_another_corps_record_does_not_decrypt()
    {
        var victim = NewCorpId();
        var attacker = NewCorpId();
        await Store.SaveAsync(new CorpAuthorization(victim, SuiteId, "victim-code", null, DateTimeOffset.UtcNow), CancellationToken.None);
        await Store.SaveAsync(new CorpAuthorization(attacker, SuiteId, "attacker-code", null, DateTimeOffset.UtcNow), CancellationToken.None);
        var db = _redis.GetDatabase();

        var stolen = await db.HashGetAsync($"wecomgw:{{{victim}}}:auth:{SuiteId}", "permanent_code_enc");
        await db.HashSetAsync($"wecomgw:{{{attacker}}}:auth:{SuiteId}", "permanent_code_enc", stolen);

        await Assert.ThrowsAsync<SecretUnprotectException>(() => Store.GetAsync(attacker, SuiteId, CancellationToken.None));
        await Store.DeleteCorpAsync(victim, CancellationToken.None);
        await Store.DeleteCorpAsync(attacker, CancellationToken.None);
    }

    [Fact]
    public async Task Cancel_auth_leaves_no_key_of_that_corp_behind_and_other_corps_keep_theirs()
    {
        var corpId = NewCorpId();
        var neighbour = corpId + "0"; // same prefix: must not match the corp's pattern
        var other = NewCorpId();
        foreach (var corp in new[] { corpId, neighbour, other })
        {
            await SeedCorpAsync(corp, customers: corp == corpId ? 600 : 3);
        }

        var removal = await Store.RemoveGrantAsync(corpId, SuiteId, CancellationToken.None);

        Assert.Equal(1 + 1 + 1 + 600 + 1, removal.KeysRemoved); // grant, token, tags, customers (more than one removal batch), customer index
        Assert.Empty(await ScanAsync(corpId));
        Assert.Equal(2 + 1 + 1 + 3 + 1 + 1, (await ScanAsync(neighbour)).Count); // and the customer index and the key index
        Assert.Equal(2 + 1 + 1 + 3 + 1 + 1, (await ScanAsync(other)).Count);
        Assert.False(await _redis.GetDatabase().SetContainsAsync("wecomgw:automation:corps", corpId));
        Assert.Null(await Store.GetAsync(corpId, SuiteId, CancellationToken.None));
        Assert.Equal(0, await Store.DeleteCorpAsync(corpId, CancellationToken.None));

        foreach (var corp in new[] { corpId, neighbour, other })
        {
            await StoreRedis.ForgetCorpAsync(_redis, corp);
        }
    }

    [Fact]
    public async Task A_late_writer_brings_no_key_of_an_uninstalled_corp_back_and_no_tombstone_is_left()
    {
        var corpId = NewCorpId();
        await Stores.SeedAsync(corpId);
        await Store.RemoveGrantAsync(corpId, SuiteId, CancellationToken.None);

        await Stores.SeedAsync(corpId, authorize: false); // a consumer mid-event, the scheduler, a welcome, the tag cache

        Assert.Empty(await ScanAsync(corpId));
        Assert.DoesNotContain(corpId, await Stores.Facts.CorpsAsync(CancellationToken.None));
        await Stores.SeedAsync(corpId); // create_auth again
        Assert.Equal(CorpData.Seeded, await Stores.ReadAsync(corpId));
        await StoreRedis.ForgetCorpAsync(_redis, corpId);
    }

    [Fact]
    public async Task Glob_characters_in_a_corp_id_match_only_that_corp()
    {
        var stem = NewCorpId();
        var globby = stem + "*";
        await SeedCorpAsync(stem + "x", customers: 1);
        await SeedCorpAsync(globby, customers: 1);

        Assert.Equal(6, await Store.DeleteCorpAsync(globby, CancellationToken.None));

        Assert.Equal(6 + 1, (await ScanAsync(stem + "x")).Count); // and the key index
        await StoreRedis.ForgetCorpAsync(_redis, stem + "x");
        await StoreRedis.ForgetCorpAsync(_redis, globby);
    }

    [Fact]
    public async Task Marking_an_unknown_corp_inactive_writes_no_key()
    {
        var unknown = NewCorpId();

        await Store.MarkInactiveAsync(unknown, SuiteId, "errcode 40084", CancellationToken.None);

        Assert.Empty(await ScanAsync(unknown));
    }

    /// <summary>What the gateway keeps per corp, written through the stores: authorization, a corp token, the tag map and customer facts.</summary>
    private async Task SeedCorpAsync(string corpId, int customers)
    {
        await Store.SaveAsync(new CorpAuthorization(corpId, SuiteId, $"perm-{corpId}", null, DateTimeOffset.UtcNow), CancellationToken.None);
        await Stores.Tokens.SetAsync(TokenKey.Corp(SuiteId, corpId).CacheKey, new CachedToken("corp-token", DateTimeOffset.UtcNow.AddHours(2)), CancellationToken.None);
        await Stores.Tags.SetAsync(corpId, "[]", TimeSpan.FromHours(1), CancellationToken.None);
        await Task.WhenAll(Enumerable.Range(0, customers).Select(i =>
            Stores.Facts.TryWriteAsync(corpId, $"wm{i:D4}", 0, "{}", null, CancellationToken.None)));
    }

    private async Task<List<RedisKey>> ScanAsync(string corpId)
    {
        var keys = new List<RedisKey>();
        foreach (var server in _redis.GetServers().Where(s => !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(pattern: $"wecomgw:{{{corpId}}}:*"))
            {
                keys.Add(key);
            }
        }

        return keys;
    }

}

/// <summary>The same tests on the three-node Redis Cluster of deploy/local/test.sh (every key of a corp in one slot).</summary>
public sealed class RedisClusterAuthorizationStoreTests : RedisAuthorizationStoreTests
{
    protected override Task<IConnectionMultiplexer> ConnectAsync() => RealServices.ConnectRedisClusterAsync();
}
