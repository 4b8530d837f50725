using System.Security.Cryptography;
using StackExchange.Redis;
using WeComGateway.Storage.Claims;
using WeComGateway.Storage.Customers;

namespace WeComGateway.IntegrationTests.Stores;

/// <summary>
/// Everything customer automation writes for a corp lives under <c>wecomgw:{corpId}:</c> (one hash slot), named or in
/// the corp's key index, so cancel_auth removes it without SCAN; the only other key is the global corps set, which
/// cancel_auth and the scheduler clean up. Runs on its own
/// Redis database so the before/after SCAN sees only this test's writes.
/// </summary>
public sealed class CustomerKeySpaceTests : IAsyncLifetime
{
    private const int Database = 9;
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    private readonly string _corpId = StoreRedis.NewCorpId();
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
    public async Task Every_key_of_a_customer_corp_is_under_the_corp_and_cancel_auth_leaves_nothing_behind()
    {
        var facts = new RedisCustomerFactsStore(_redis);
        var claims = new RedisClaimStore(_redis);
        var tags = new RedisCorpTagCache(_redis);
        var rules = new RedisRuleSetStore(_redis, TimeProvider.System);
        var before = (await StoreRedis.KeysAsync(_redis, "*")).ToHashSet(StringComparer.Ordinal);

        await StoreRedis.AuthorizeAsync(_redis, _corpId);
        var customer = StoreRedis.NewExternalUserId();
        await facts.TryWriteAsync(_corpId, customer, 0, "{}", Now, default);
        await facts.TryWriteAsync(_corpId, StoreRedis.NewExternalUserId(), 0, "{}", Now.AddDays(1), default);
        await facts.ClaimDueAsync(_corpId, Now, TimeSpan.FromMinutes(10), 10, default);
        await claims.TryClaimAsync(ClaimKey.WelcomeCode(_corpId, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))), "worker-a", TimeSpan.FromSeconds(5), default);
        var sentCode = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        await claims.TryClaimAsync(ClaimKey.WelcomeCode(_corpId, sentCode), "worker-a", TimeSpan.FromSeconds(5), default);
        await claims.FinalizeAsync(ClaimKey.WelcomeCode(_corpId, sentCode), TimeSpan.FromDays(1), default);
        await tags.SetAsync(_corpId, "[]", TimeSpan.FromHours(1), default);
        await rules.SetAsync(_corpId, "{}", default);

        var written = (await StoreRedis.KeysAsync(_redis, "*")).Where(k => !before.Contains(k)).ToList();
        var outsideTheCorp = written.Where(k => !k.StartsWith($"wecomgw:{{{_corpId}}}:", StringComparison.Ordinal)).ToList();
        var removed = await StoreRedis.CancelAuthAsync(_redis, _corpId);
        var listedAfterCancelAuth = await facts.CorpsAsync(default);
        await facts.ClaimDueAsync(_corpId, Now, TimeSpan.FromMinutes(10), 10, default);

        Assert.All(outsideTheCorp, key => Assert.True(key == "wecomgw:automation:corps" || IsAnotherTestRunsCorp(key), key));
        Assert.Equal(2 + 2 + 1 + 1 + 2 + 1 + 1 + 1, written.Count - outsideTheCorp.Count); // grant and grant set, customers, due index, customer index, welcome claims, tags, rules, key index
        Assert.Equal(written.Count - outsideTheCorp.Count - 1, removed); // the key index empties itself
        Assert.Empty(await StoreRedis.KeysAsync(_redis, $"wecomgw:{{{_corpId}}}:*")); // nothing at all, no tombstone
        Assert.DoesNotContain(_corpId, listedAfterCancelAuth);
        Assert.DoesNotContain(_corpId, await facts.CorpsAsync(default));
    }

    // Another run of this suite sharing the Redis writes only under its own fresh corp ids.
    private bool IsAnotherTestRunsCorp(string key) =>
        key.StartsWith("wecomgw:{wwcust", StringComparison.Ordinal) && !key.StartsWith($"wecomgw:{{{_corpId}}}", StringComparison.Ordinal);
}
