using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using WeComGateway.Storage.Redis;
using WeComGateway.Testing;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.IntegrationTests.Tokens;

/// <summary>Corp tokens cached in the real Redis and fetched from WeCom (the emulator) once per expiry across replicas.</summary>
public sealed class TokenCacheTests
{
    [Fact]
    public async Task Two_hundred_callers_on_two_replicas_fetch_an_expired_corp_token_from_WeCom_once()
    {
        await using var world = await TokenWorld.StartAsync();
        await world.AuthorizeAsync();
        await world.WeCom.SlowAsync(WeComApis.SuiteToken, TimeSpan.FromMilliseconds(200), always: true);
        await world.WeCom.SlowAsync(WeComApis.CorpToken, TimeSpan.FromMilliseconds(200), always: true);
        var replicas = new[] { world.StartReplica(), world.StartReplica() };
        await world.PushTicketAsync(replicas[0], DateTimeOffset.UtcNow);
        await WriteRawAsync(replicas[0], world.CorpToken, "corp-token-expired", DateTimeOffset.UtcNow.AddSeconds(-5));
        foreach (var replica in replicas)
        {
            await replica.Store.GetAsync(world.CorpToken.CacheKey, default); // connected before the burst
        }

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = replicas
            .SelectMany(replica => Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
            {
                await go.Task;
                return (await replica.Tokens.GetAsync(world.CorpToken, default)).Value;
            })))
            .ToList();
        go.SetResult();
        var tokens = await Task.WhenAll(callers);

        Assert.Equal(200, tokens.Length);
        Assert.Equal(await world.WeComsCorpTokenAsync(), Assert.Single(tokens.Distinct()));
        Assert.Equal(1, await world.CorpTokenCallsAsync());
        Assert.Equal(1, await world.SuiteTokenCallsAsync());
    }

    [Fact]
    public async Task An_expired_token_in_Redis_is_replaced_by_one_fetch()
    {
        await using var world = await TokenWorld.StartAsync();
        await world.AuthorizeAsync();
        var replica = world.StartReplica();
        await world.PushTicketAsync(replica, DateTimeOffset.UtcNow);
        await WriteRawAsync(replica, world.CorpToken, "corp-token-expired", DateTimeOffset.UtcNow.AddSeconds(-1));

        var first = await replica.Tokens.GetAsync(world.CorpToken, default);
        var second = await replica.Tokens.GetAsync(world.CorpToken, default);

        Assert.Equal(await world.WeComsCorpTokenAsync(), first.Value);
        Assert.Equal(first, second);
        Assert.Equal(1, await world.CorpTokenCallsAsync());
        Assert.InRange(first.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(7100), DateTimeOffset.UtcNow.AddSeconds(7201));
        var ttl = await replica.Redis.GetDatabase().KeyTimeToLiveAsync(RedisKeys.Prefix + world.CorpToken.CacheKey);
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(7100), TimeSpan.FromSeconds(7200));
    }

    [Fact]
    public async Task A_cached_token_is_fetched_again_once_its_7200_seconds_have_passed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var world = await TokenWorld.StartAsync(time);
        await world.AuthorizeAsync();
        var replica = world.StartReplica(time);
        await world.PushTicketAsync(replica, time.GetUtcNow());

        var before = await replica.Tokens.GetAsync(world.CorpToken, default);
        time.Advance(TimeSpan.FromMinutes(60));
        var meanwhile = await replica.Tokens.GetAsync(world.CorpToken, default);
        time.Advance(TimeSpan.FromMinutes(61));
        await world.PushTicketAsync(replica, time.GetUtcNow()); // WeCom pushes one every ten minutes
        var after = await replica.Tokens.GetAsync(world.CorpToken, default);

        Assert.Equal(before.Value, meanwhile.Value);
        Assert.NotEqual(before.Value, after.Value);
        Assert.Equal(await world.WeComsCorpTokenAsync(), after.Value);
        Assert.Equal(2, await world.CorpTokenCallsAsync());
        Assert.Equal(2, await world.SuiteTokenCallsAsync());
    }

    [Fact]
    public async Task A_token_near_expiry_is_served_at_once_while_one_background_fetch_replaces_it()
    {
        await using var world = await TokenWorld.StartAsync();
        await world.AuthorizeAsync();
        await world.WeCom.SlowAsync(WeComApis.CorpToken, TimeSpan.FromMinutes(5), always: true); // answered at ReleaseAsync
        var replicas = new[] { world.StartReplica(), world.StartReplica() };
        await world.PushTicketAsync(replicas[0], DateTimeOffset.UtcNow);
        await WriteRawAsync(replicas[0], world.CorpToken, "corp-token-old", DateTimeOffset.UtcNow.AddMinutes(5));
        await replicas[1].Store.GetAsync(world.SuiteToken.CacheKey, default); // connected

        var served = await Task.WhenAll(replicas.SelectMany(r => Enumerable.Range(0, 50).Select(_ => r.Tokens.GetAsync(world.CorpToken, default).AsTask())));

        // Every caller was served while the one refresh was still waiting for WeCom's answer.
        Assert.All(served, t => Assert.Equal("corp-token-old", t.Value));
        await Eventually.HoldsAsync(async () => await world.CorpTokenCallsAsync() == 1, "the background refresh to ask WeCom");
        Assert.Equal("corp-token-old", (await replicas[1].Store.GetAsync(world.CorpToken.CacheKey, default))?.Value);

        await world.WeCom.ReleaseAsync();
        var fresh = await world.WeComsCorpTokenAsync();
        await Eventually.HoldsAsync(async () => await replicas[1].Store.GetAsync(world.CorpToken.CacheKey, default) is { } stored && stored.Value == fresh, "the refresh to store WeCom's new token");
        foreach (var replica in replicas)
        {
            // Once its one-second copy of the old token is gone, each replica serves the new one.
            await Eventually.HoldsAsync(async () => (await replica.Tokens.GetAsync(world.CorpToken, default)).Value == fresh, "the replica to serve the new token");
        }

        Assert.Equal(1, await world.CorpTokenCallsAsync());
    }

    [Fact]
    public async Task A_late_invalidation_of_an_old_token_does_not_delete_the_newer_one()
    {
        await using var world = await TokenWorld.StartAsync();
        await world.AuthorizeAsync();
        var (first, second) = (world.StartReplica(), world.StartReplica());
        await world.PushTicketAsync(first, DateTimeOffset.UtcNow);
        var old = await first.Tokens.GetAsync(world.CorpToken, default);
        Assert.Equal(old, await second.Tokens.GetAsync(world.CorpToken, default));

        await world.WeCom.ExpireCorpTokenAsync(world.CorpId);                        // WeCom ends it early…
        await first.Tokens.InvalidateAsync(world.CorpToken, old.Value, default);   // …says 42001 to the first replica
        var renewed = await first.Tokens.GetAsync(world.CorpToken, default);
        await second.Tokens.InvalidateAsync(world.CorpToken, old.Value, default);  // a slow request's 42001 for the old one

        Assert.NotEqual(old.Value, renewed.Value);
        Assert.Equal(await world.WeComsCorpTokenAsync(), renewed.Value);
        Assert.Equal(renewed.Value, (await second.Tokens.GetAsync(world.CorpToken, default)).Value);
        Assert.Equal(renewed.Value, (await first.Store.GetAsync(world.CorpToken.CacheKey, default))?.Value);
        Assert.Equal(2, await world.CorpTokenCallsAsync());
    }

    [Fact]
    public async Task Another_replica_stops_serving_an_invalidated_token_within_the_one_second_local_copy()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var world = await TokenWorld.StartAsync(time);
        await world.AuthorizeAsync();
        var (first, second) = (world.StartReplica(time), world.StartReplica(time));
        await world.PushTicketAsync(first, time.GetUtcNow());
        var old = await first.Tokens.GetAsync(world.CorpToken, default);
        await second.Tokens.GetAsync(world.CorpToken, default);

        await world.WeCom.ExpireCorpTokenAsync(world.CorpId);
        await first.Tokens.InvalidateAsync(world.CorpToken, old.Value, default);
        var renewed = await first.Tokens.GetAsync(world.CorpToken, default);
        time.Advance(TimeSpan.FromMilliseconds(500));
        var secondWithinASecond = await second.Tokens.GetAsync(world.CorpToken, default);
        time.Advance(TimeSpan.FromMilliseconds(500));
        var secondAfterASecond = await second.Tokens.GetAsync(world.CorpToken, default);

        Assert.NotEqual(old.Value, renewed.Value);
        Assert.Equal((old.Value, renewed.Value), (secondWithinASecond.Value, secondAfterASecond.Value));
    }

    [Fact]
    public async Task A_waiter_takes_over_when_the_replica_holding_the_lock_died()
    {
        await using var world = await TokenWorld.StartAsync();
        await world.AuthorizeAsync();
        var replica = world.StartReplica();
        await world.PushTicketAsync(replica, DateTimeOffset.UtcNow);
        var lockTakenAt = DateTimeOffset.UtcNow;
        await replica.Redis.GetDatabase().LockTakeAsync(RedisKeys.Lock("token:" + world.CorpToken.CacheKey), "dead-replica", TimeSpan.FromSeconds(1.5));

        var token = await replica.Tokens.GetAsync(world.CorpToken, default);

        Assert.Equal(await world.WeComsCorpTokenAsync(), token.Value);
        var fetch = Assert.Single(await world.WeCom.CallsAsync(WeComApis.CorpToken));
        // WeCom was asked only once the dead holder's lock had lapsed (1.5 s after it was taken), not before.
        Assert.True(fetch.At >= lockTakenAt.AddSeconds(1.5), $"get_corp_token arrived at {fetch.At:O}, the lock taken at {lockTakenAt:O} was held until 1.5 s later");
    }

    [Fact]
    public async Task A_waiter_gives_up_with_a_transient_error_after_its_wait_budget_and_does_not_call_WeCom()
    {
        await using var world = await TokenWorld.StartAsync();
        await world.AuthorizeAsync();
        var replica = world.StartReplica(tune: o => o.WaitBudget = TimeSpan.FromMilliseconds(300));
        await world.PushTicketAsync(replica, DateTimeOffset.UtcNow);
        await replica.Redis.GetDatabase().LockTakeAsync(RedisKeys.Lock("token:" + world.CorpToken.CacheKey), "busy-replica", TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<TokenRefreshTimeoutException>(() => replica.Tokens.GetAsync(world.CorpToken, default).AsTask());

        Assert.Equal(WeComGateway.WeComApi.Errors.WeComErrorKind.Transient, error.Kind);
        Assert.Equal(0, await world.CorpTokenCallsAsync());
    }

    /// <summary>What another replica (or an older one) left in Redis, in the store's format.</summary>
    private static Task WriteRawAsync(TokenReplica replica, TokenKey key, string value, DateTimeOffset expiresAt) =>
        replica.Redis.GetDatabase().StringSetAsync(
            RedisKeys.Prefix + key.CacheKey,
            string.Create(CultureInfo.InvariantCulture, $"{expiresAt.ToUnixTimeMilliseconds()}|{value}"),
            TimeSpan.FromMinutes(10));
}
