using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using WeComGateway.Storage.Redis;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.IntegrationTests.Tokens;

/// <summary>Corp tokens cached in the real Redis and fetched from WeCom (WireMock) once per expiry across replicas.</summary>
public sealed class TokenCacheTests
{
    [Fact]
    public async Task Two_hundred_callers_on_two_replicas_fetch_an_expired_corp_token_from_WeCom_once()
    {
        await using var world = new TokenWorld(weComLatency: TimeSpan.FromMilliseconds(200));
        await world.AuthorizeAsync();
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
        Assert.Equal("corp-token-1", Assert.Single(tokens.Distinct()));
        Assert.Equal(1, world.WeCom.CorpTokenCalls);
        Assert.Equal(1, world.WeCom.SuiteTokenCalls);
    }

    [Fact]
    public async Task An_expired_token_in_Redis_is_replaced_by_one_fetch()
    {
        await using var world = new TokenWorld();
        await world.AuthorizeAsync();
        var replica = world.StartReplica();
        await world.PushTicketAsync(replica, DateTimeOffset.UtcNow);
        await WriteRawAsync(replica, world.CorpToken, "corp-token-expired", DateTimeOffset.UtcNow.AddSeconds(-1));

        var first = await replica.Tokens.GetAsync(world.CorpToken, default);
        var second = await replica.Tokens.GetAsync(world.CorpToken, default);

        Assert.Equal("corp-token-1", first.Value);
        Assert.Equal(first, second);
        Assert.Equal(1, world.WeCom.CorpTokenCalls);
        Assert.InRange(first.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(7100), DateTimeOffset.UtcNow.AddSeconds(7201));
        var ttl = await replica.Redis.GetDatabase().KeyTimeToLiveAsync(RedisKeys.Prefix + world.CorpToken.CacheKey);
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(7100), TimeSpan.FromSeconds(7200));
    }

    [Fact]
    public async Task A_cached_token_is_fetched_again_once_its_7200_seconds_have_passed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var world = new TokenWorld();
        await world.AuthorizeAsync();
        var replica = world.StartReplica(time);
        await world.PushTicketAsync(replica, time.GetUtcNow());

        var before = await replica.Tokens.GetAsync(world.CorpToken, default);
        time.Advance(TimeSpan.FromMinutes(60));
        var meanwhile = await replica.Tokens.GetAsync(world.CorpToken, default);
        time.Advance(TimeSpan.FromMinutes(61));
        await world.PushTicketAsync(replica, time.GetUtcNow()); // WeCom pushes one every ten minutes
        var after = await replica.Tokens.GetAsync(world.CorpToken, default);

        Assert.Equal(("corp-token-1", "corp-token-1", "corp-token-2"), (before.Value, meanwhile.Value, after.Value));
        Assert.Equal(2, world.WeCom.CorpTokenCalls);
        Assert.Equal(2, world.WeCom.SuiteTokenCalls);
    }

    [Fact]
    public async Task A_token_near_expiry_is_served_at_once_while_one_background_fetch_replaces_it()
    {
        await using var world = new TokenWorld(weComLatency: TimeSpan.FromSeconds(1));
        await world.AuthorizeAsync();
        var replicas = new[] { world.StartReplica(), world.StartReplica() };
        await world.PushTicketAsync(replicas[0], DateTimeOffset.UtcNow);
        await WriteRawAsync(replicas[0], world.CorpToken, "corp-token-old", DateTimeOffset.UtcNow.AddMinutes(5));
        await replicas[1].Store.GetAsync(world.SuiteToken.CacheKey, default); // connected

        var clock = Stopwatch.StartNew();
        var served = await Task.WhenAll(replicas.SelectMany(r => Enumerable.Range(0, 50).Select(_ => r.Tokens.GetAsync(world.CorpToken, default).AsTask())));
        var servedIn = clock.Elapsed;

        Assert.All(served, t => Assert.Equal("corp-token-old", t.Value));
        Assert.True(servedIn < TimeSpan.FromMilliseconds(500), $"callers waited {servedIn.TotalMilliseconds} ms for the refresh");
        var replaced = await EventuallyAsync(async () => await replicas[1].Store.GetAsync(world.CorpToken.CacheKey, default) is { Value: "corp-token-1" });
        Assert.True(replaced, "the background refresh did not store a new token");
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // past the in-process copy
        Assert.Equal("corp-token-1", (await replicas[0].Tokens.GetAsync(world.CorpToken, default)).Value);
        Assert.Equal("corp-token-1", (await replicas[1].Tokens.GetAsync(world.CorpToken, default)).Value);
        Assert.Equal(1, world.WeCom.CorpTokenCalls);
    }

    [Fact]
    public async Task A_late_invalidation_of_an_old_token_does_not_delete_the_newer_one()
    {
        await using var world = new TokenWorld();
        await world.AuthorizeAsync();
        var (first, second) = (world.StartReplica(), world.StartReplica());
        await world.PushTicketAsync(first, DateTimeOffset.UtcNow);
        var old = await first.Tokens.GetAsync(world.CorpToken, default);
        Assert.Equal(old, await second.Tokens.GetAsync(world.CorpToken, default));

        await first.Tokens.InvalidateAsync(world.CorpToken, old.Value, default);   // WeCom said 42001
        var renewed = await first.Tokens.GetAsync(world.CorpToken, default);
        await second.Tokens.InvalidateAsync(world.CorpToken, old.Value, default);  // a slow request's 42001 for the old one

        Assert.Equal("corp-token-2", renewed.Value);
        Assert.Equal("corp-token-2", (await second.Tokens.GetAsync(world.CorpToken, default)).Value);
        Assert.Equal("corp-token-2", (await first.Store.GetAsync(world.CorpToken.CacheKey, default))?.Value);
        Assert.Equal(2, world.WeCom.CorpTokenCalls);
    }

    [Fact]
    public async Task Another_replica_stops_serving_an_invalidated_token_within_the_one_second_local_copy()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var world = new TokenWorld();
        await world.AuthorizeAsync();
        var (first, second) = (world.StartReplica(time), world.StartReplica(time));
        await world.PushTicketAsync(first, time.GetUtcNow());
        var old = await first.Tokens.GetAsync(world.CorpToken, default);
        await second.Tokens.GetAsync(world.CorpToken, default);

        await first.Tokens.InvalidateAsync(world.CorpToken, old.Value, default);
        var renewed = await first.Tokens.GetAsync(world.CorpToken, default);
        time.Advance(TimeSpan.FromMilliseconds(500));
        var secondWithinASecond = await second.Tokens.GetAsync(world.CorpToken, default);
        time.Advance(TimeSpan.FromMilliseconds(500));
        var secondAfterASecond = await second.Tokens.GetAsync(world.CorpToken, default);

        Assert.Equal("corp-token-2", renewed.Value);
        Assert.Equal((old.Value, renewed.Value), (secondWithinASecond.Value, secondAfterASecond.Value));
    }

    [Fact]
    public async Task A_waiter_takes_over_when_the_replica_holding_the_lock_died()
    {
        await using var world = new TokenWorld();
        await world.AuthorizeAsync();
        var replica = world.StartReplica();
        await world.PushTicketAsync(replica, DateTimeOffset.UtcNow);
        await replica.Redis.GetDatabase().LockTakeAsync(RedisKeys.Lock("token:" + world.CorpToken.CacheKey), "dead-replica", TimeSpan.FromSeconds(1.5));

        var clock = Stopwatch.StartNew();
        var token = await replica.Tokens.GetAsync(world.CorpToken, default);

        Assert.Equal("corp-token-1", token.Value);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1), "the waiter did not wait for the dead holder's lock to lapse");
        Assert.Equal(1, world.WeCom.CorpTokenCalls);
    }

    [Fact]
    public async Task A_waiter_gives_up_with_a_transient_error_after_its_wait_budget_and_does_not_call_WeCom()
    {
        await using var world = new TokenWorld();
        await world.AuthorizeAsync();
        var replica = world.StartReplica(tune: o => o.WaitBudget = TimeSpan.FromMilliseconds(300));
        await world.PushTicketAsync(replica, DateTimeOffset.UtcNow);
        await replica.Redis.GetDatabase().LockTakeAsync(RedisKeys.Lock("token:" + world.CorpToken.CacheKey), "busy-replica", TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<TokenRefreshTimeoutException>(() => replica.Tokens.GetAsync(world.CorpToken, default).AsTask());

        Assert.Equal(WeComGateway.WeComApi.Errors.WeComErrorKind.Transient, error.Kind);
        Assert.Equal(0, world.WeCom.CorpTokenCalls);
    }

    /// <summary>What another replica (or an older one) left in Redis, in the store's format.</summary>
    private static Task WriteRawAsync(TokenReplica replica, TokenKey key, string value, DateTimeOffset expiresAt) =>
        replica.Redis.GetDatabase().StringSetAsync(
            RedisKeys.Prefix + key.CacheKey,
            string.Create(CultureInfo.InvariantCulture, $"{expiresAt.ToUnixTimeMilliseconds()}|{value}"),
            TimeSpan.FromMinutes(10));

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 50; i++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
