using System.Security.Cryptography;
using StackExchange.Redis;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Claims;
using WeComGateway.Storage.Customers;
using WeComGateway.Storage.Redis;
using WeComGateway.Storage.Secrets;
using WeComGateway.Storage.Tokens;

namespace WeComGateway.IntegrationTests.Stores;

/// <summary>
/// The upgrade from <c>wecomgw:corp:{corpId}:…</c> to <c>wecomgw:{corpId}:…</c> on the single node: what the old
/// version wrote is read by the new stores afterwards, and removed by cancel_auth without SCAN. On a database of its
/// own, since the migration SCANs for every old corp key.
/// </summary>
public sealed class RedisKeyMigrationTests : IAsyncLifetime
{
    private const int Database = 12;
    private const string SuiteId = "wwsuite0000000001";

    private readonly string _corpId = StoreRedis.NewCorpId();
    private readonly SecretProtector _protector = new(RandomNumberGenerator.GetBytes(32));
    private IConnectionMultiplexer _redis = null!;

    public async Task InitializeAsync()
    {
        var options = ConfigurationOptions.Parse(RealServices.Redis);
        options.DefaultDatabase = Database;
        _redis = await ConnectionMultiplexer.ConnectAsync(options);
    }

    public async Task DisposeAsync()
    {
        await StoreRedis.ForgetCorpAsync(_redis, _corpId);
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Old_keys_move_under_the_corps_hash_tag_and_the_new_stores_read_and_remove_them()
    {
        var db = _redis.GetDatabase();
        var old = $"wecomgw:corp:{_corpId}:";
        var authorizations = new RedisAuthorizationStore(_redis, _protector);
        await authorizations.SaveAsync(new CorpAuthorization(_corpId, SuiteId, "perm", "水果店", DateTimeOffset.UnixEpoch), default);
        await db.KeyRenameAsync(RedisKeys.CorpGrant(_corpId, SuiteId), old + "auth"); // one authorization per corp, as the old version wrote it
        await db.KeyDeleteAsync([RedisKeys.CorpGrants(_corpId), RedisKeys.CorpKeyIndex(_corpId)]);
        await db.HashSetAsync(old + "customer:wm0001", [new("json", "{}"), new("version", 3)]);
        await db.SortedSetAddAsync(old + "customers:due", "wm0001", 0);
        await db.StringSetAsync(old + $"suite:{SuiteId}:token", "1|corp-token", TimeSpan.FromHours(1));
        await db.StringSetAsync(RedisKeys.WelcomeClaim(_corpId, "code").ToString().Replace($"{{{_corpId}}}", "corp:" + _corpId, StringComparison.Ordinal), "sent", TimeSpan.FromDays(1));
        await db.HashSetAsync(old + "rules", "json", "{}");
        await db.HashSetAsync(old + "employees", "zhangsan", "张三");
        await db.StringSetAsync(old + "tags", "[]", TimeSpan.FromHours(1));
        await db.StringSetAsync($"wecomgw:{{{_corpId}}}:tags", "[\"newer\"]", TimeSpan.FromHours(1)); // written by the new version meanwhile

        var first = await RedisKeyMigration.MigrateAsync(_redis, null, default);
        var second = await RedisKeyMigration.MigrateAsync(_redis, null, default);

        Assert.True(first.Moved >= 8, first.ToString()); // 7 renamed, the authorization split into its suite's grant; other runs' corps may share the database
        Assert.True(first.Superseded >= 1, first.ToString());
        Assert.Equal(new RedisKeyMigrationResult(0, 0, 0), second);
        Assert.Empty(await StoreRedis.KeysAsync(_redis, old + "*"));
        Assert.Equal("水果店", (await authorizations.GetAsync(_corpId, SuiteId, default))?.CorpName);
        Assert.Equal([SuiteId], (await authorizations.ListAsync(_corpId, default)).Select(g => g.SuiteId));
        Assert.Equal(new VersionedFacts("{}", 3), await new RedisCustomerFactsStore(_redis).GetAsync(_corpId, "wm0001", default));
        Assert.Equal("[\"newer\"]", await new RedisCorpTagCache(_redis).GetAsync(_corpId, default));
        Assert.Equal(ClaimOutcome.AlreadyFinalized, await new RedisClaimStore(_redis).TryClaimAsync(ClaimKey.WelcomeCode(_corpId, "code"), "reader", TimeSpan.FromSeconds(1), default));
        Assert.Equal(4, (await db.SetMembersAsync(RedisKeys.CorpKeyIndex(_corpId))).Length); // grant, customer, token, welcome claim

        Assert.Equal(2 + 2 + 1 + 1 + 1 + 1 + 1, await authorizations.DeleteCorpAsync(_corpId, default)); // grants + grant, customer + due, token, welcome, rules, employees, tags
        Assert.Empty(await StoreRedis.KeysAsync(_redis, $"wecomgw:{{{_corpId}}}:*"));
    }

    [Fact]
    public void Only_keys_of_the_old_corp_layout_have_a_target()
    {
        Assert.Equal(("wecomgw:{wwc}:customer:wm1", "wwc", true), Target("wecomgw:corp:wwc:customer:wm1"));
        Assert.Equal(("wecomgw:{wwc}:suite:s1:token", "wwc", true), Target("wecomgw:corp:wwc:suite:s1:token"));
        Assert.Equal(("wecomgw:{wwc}:auth", "wwc", false), Target("wecomgw:corp:wwc:auth"));
        Assert.Null(RedisKeyMigration.Target("wecomgw:{wwc}:auth"));
        Assert.Null(RedisKeyMigration.Target("wecomgw:corp:ww{x}:auth"));
        Assert.Null(RedisKeyMigration.Target("wecomgw:corp:wwc"));
    }

    private static (string, string, bool)? Target(string key) =>
        RedisKeyMigration.Target(key) is { } t ? (t.Key.ToString(), t.CorpId, t.Indexed) : null;
}
