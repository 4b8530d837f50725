using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using WeComGateway.Storage;
using WeComGateway.Storage.Tokens;
using WeComGateway.Testing;
using WeComGateway.WeComApi.Diagnostics;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.WeComApi.Tests;

/// <summary>Tokens while the token store (Redis) is unreachable: the copy this process holds, or WeCom without the lock.</summary>
public sealed class TokenStoreOutageTests : IDisposable
{
    private static readonly TokenKey CorpToken = TokenKey.Corp("wwsuite0000000001", "wwcorpA");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
    private readonly StoreOutage _redis = new();
    private readonly FakeLogCollector _logs = new();
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MetricCollector<long> _withoutStore;
    private readonly WeCom _weCom;
    private readonly AccessTokenProvider _tokens;

    public TokenStoreOutageTests()
    {
        _withoutStore = new MetricCollector<long>(_meters.GetRequiredService<IMeterFactory>(), WeComApiMetrics.MeterName, "wecomgw.tokens.without_store");
        _weCom = new WeCom(_clock, _redis);
        _tokens = new AccessTokenProvider(
            _redis.Wrap<ITokenStore>(new InMemoryTokenStore(_clock)),
            _weCom,
            Options.Create(new TokenOptions()),
            _clock,
            new WeComApiMetrics(_meters.GetRequiredService<IMeterFactory>()),
            new FakeLogger<AccessTokenProvider>(_logs));
    }

    [Fact]
    public async Task Redis_down_the_corp_token_this_process_holds_is_used_until_it_expires()
    {
        var held = await _tokens.GetAsync(CorpToken, CancellationToken.None);
        _redis.Down = true;
        _clock.Advance(TimeSpan.FromMinutes(30)); // far past the 1 s local copy lifetime

        Assert.Equal(held, await _tokens.GetAsync(CorpToken, CancellationToken.None));
        Assert.Equal(1, _weCom.Fetches);
        Assert.True(_redis.Refused > 0);
        Assert.Equal(("corp", "local_copy"), Measured());

        _clock.Advance(TimeSpan.FromHours(2)); // the token's own expiry (7,200 s) passed: no copy to use
        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await _tokens.GetAsync(CorpToken, CancellationToken.None));
    }

    [Fact]
    public async Task Redis_down_without_a_copy_a_corp_token_fails_as_before_its_permanent_code_is_in_Redis()
    {
        _redis.Down = true;

        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await _tokens.GetAsync(CorpToken, CancellationToken.None));
        Assert.Equal(0, _weCom.Fetches);
    }

    [Fact]
    public async Task Redis_down_without_a_copy_the_provider_token_is_fetched_from_WeCom_without_the_lock_and_kept_here()
    {
        _redis.Down = true;

        var fetched = await _tokens.GetAsync(TokenKey.Provider(), CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(5));
        var again = await _tokens.GetAsync(TokenKey.Provider(), CancellationToken.None);

        Assert.Equal(fetched, again);
        Assert.Equal(1, _weCom.Fetches);
        Assert.Equal([("provider", "fetched"), ("provider", "local_copy")], _withoutStore.GetMeasurementSnapshot().Select(Tags));
    }

    [Fact]
    public async Task Redis_down_a_token_WeCom_rejected_is_dropped_here_and_the_next_call_fails_instead_of_reusing_it()
    {
        var held = await _tokens.GetAsync(CorpToken, CancellationToken.None);
        _redis.Down = true;

        await _tokens.InvalidateAsync(CorpToken, held.Value, CancellationToken.None);

        await Assert.ThrowsAsync<StoreUnavailableException>(async () => await _tokens.GetAsync(CorpToken, CancellationToken.None));
        Assert.Equal(1, _weCom.Fetches);
    }

    [Fact]
    public async Task Redis_back_the_store_is_read_again_and_the_copy_is_only_used_for_the_usual_second()
    {
        await _tokens.GetAsync(CorpToken, CancellationToken.None);
        _redis.Down = true;
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _tokens.GetAsync(CorpToken, CancellationToken.None);
        _redis.Down = false;
        var refusedWhileDown = _redis.Refused;
        _clock.Advance(TimeSpan.FromSeconds(2));

        await _tokens.GetAsync(CorpToken, CancellationToken.None);

        Assert.Equal(refusedWhileDown, _redis.Refused);
        Assert.Single(_withoutStore.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task No_token_value_reaches_the_logs_while_Redis_is_down()
    {
        var corp = await _tokens.GetAsync(CorpToken, CancellationToken.None);
        _redis.Down = true;
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _tokens.GetAsync(CorpToken, CancellationToken.None);
        var provider = await _tokens.GetAsync(TokenKey.Provider(), CancellationToken.None);
        await _tokens.InvalidateAsync(CorpToken, corp.Value, CancellationToken.None);

        var logs = _logs.GetSnapshot();
        Assert.NotEmpty(logs);
        Assert.DoesNotContain(logs, l => l.Message.Contains(corp.Value, StringComparison.Ordinal) || l.Message.Contains(provider.Value, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _withoutStore.Dispose();
        _meters.Dispose();
    }

    private (string?, string?) Measured() => Tags(Assert.Single(_withoutStore.GetMeasurementSnapshot()));

    private static (string?, string?) Tags(CollectedMeasurement<long> m) => ((string?)m.Tags["kind"], (string?)m.Tags["source"]);

    /// <summary>
    /// WeCom's token APIs as the gateway's token source sees them: the provider token needs configuration only; a corp
    /// token needs the grant's permanent code, read from Redis (so it fails while Redis is down). Tokens live 7,200 s.
    /// </summary>
    private sealed class WeCom(TimeProvider clock, StoreOutage redis) : ITokenSource
    {
        private int _fetches;

        public int Fetches => Volatile.Read(ref _fetches);

        public Task<AccessToken> FetchAsync(TokenKey key, CancellationToken cancellationToken)
        {
            if (key.Kind == TokenKind.Corp && redis.Down)
            {
                return Task.FromException<AccessToken>(new StoreUnavailableException("authorization read", new TimeoutException("Redis is down (simulated)")));
            }

            var n = Interlocked.Increment(ref _fetches);
            return Task.FromResult(new AccessToken($"{key.Kind}-token-{n}", clock.GetUtcNow().AddSeconds(7200)));
        }
    }
}
