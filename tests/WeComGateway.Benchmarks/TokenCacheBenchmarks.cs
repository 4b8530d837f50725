using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Refit;
using StackExchange.Redis;
using WeComGateway.Configuration;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Redis;
using WeComGateway.Storage.Secrets;
using WeComGateway.Storage.Tickets;
using WeComGateway.Storage.Tokens;
using WeComGateway.Testing;
using WeComGateway.WeComApi.Diagnostics;
using WeComGateway.WeComApi.Service;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.Benchmarks;

/// <summary>
/// The token cache hit path (<see cref="AccessTokenProvider.GetAsync"/> for a cached corp token) against the real
/// Redis at <c>WECOMGW_TEST_REDIS</c> (default 127.0.0.1:6379): every call reading Redis, and with the default
/// one-second in-process copy. Setup also prints, once, how many times WeCom is called when 200 callers in two
/// providers hit an expired corp token at once.
/// </summary>
[MemoryDiagnoser]
public class TokenCacheBenchmarks : IDisposable
{
    private static readonly string Run = Guid.NewGuid().ToString("N")[..8];
    private readonly TokenKey _key = TokenKey.Corp("bench-suite-" + Run, "wwbench" + Run);
    private readonly List<ConnectionMultiplexer> _connections = [];
    private AccessTokenProvider _redisEveryCall = null!;
    private AccessTokenProvider _withLocalCopy = null!;

    private static string RedisAddress => Environment.GetEnvironmentVariable("WECOMGW_TEST_REDIS") is { Length: > 0 } address ? address : "127.0.0.1:6379";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var redis = await ConnectAsync();
        await Grants(redis).SaveAsync(new CorpAuthorization(_key.CorpId!, _key.SuiteId!, "permanent-code", null, DateTimeOffset.UtcNow), default);
        var store = new RedisTokenStore(redis, TimeProvider.System);
        await store.SetAsync(_key.CacheKey, new CachedToken("corp-token-cached", DateTimeOffset.UtcNow.AddHours(2)), default);
        var failIfCalled = new ThrowingSource();
        _redisEveryCall = Provider(store, failIfCalled, new TokenOptions { LocalCopyLifetime = TimeSpan.Zero });
        _withLocalCopy = Provider(store, failIfCalled, new TokenOptions());
        await StampedeAsync();
    }

    [Benchmark(Description = "cache hit, Redis read every call")]
    public ValueTask<AccessToken> RedisHit() => _redisEveryCall.GetAsync(_key, default);

    [Benchmark(Description = "cache hit, in-process copy (≤ 1 s)")]
    public ValueTask<AccessToken> LocalCopyHit() => _withLocalCopy.GetAsync(_key, default);

    [GlobalCleanup]
    public void Dispose()
    {
        if (_connections.Count > 0)
        {
            // the benchmark corp's grant, token and key index (BenchmarkDotNet's cleanup is synchronous)
            var db = _connections[0].GetDatabase();
            db.KeyDelete([RedisKeys.CorpGrant(_key.CorpId!, _key.SuiteId!), RedisKeys.CorpGrants(_key.CorpId!), RedisKeys.CorpKeyIndex(_key.CorpId!), RedisKeys.Prefix + _key.CacheKey]);
        }

        foreach (var connection in _connections)
        {
            connection.Dispose();
        }

        _connections.Clear();
        GC.SuppressFinalize(this);
    }

    /// <summary>Two providers (own Redis connection each, like two replicas) × 100 callers, one expired corp token.</summary>
    private async Task StampedeAsync()
    {
        var key = TokenKey.Corp("stampede-suite-" + Run, "wwstampede" + Run);
        var tickets = new InMemorySuiteTicketStore();
        await tickets.SaveAsync(key.SuiteId!, new SuiteTicket("ticket", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow), default);
        var authorizations = Grants(await ConnectAsync());
        await authorizations.SaveAsync(new CorpAuthorization(key.CorpId!, key.SuiteId!, "permanent-code", null, DateTimeOffset.UtcNow), default);
        var credentials = Options.Create(new WeComOptions { Suites = [new SuiteOptions { SuiteId = key.SuiteId!, SuiteSecret = "secret" }] });
        await using var weCom = await WeComEmulator.StartAsync();
        await weCom.AuthorizeAsync(key.CorpId!, permanentCode: "permanent-code");
        await weCom.SlowAsync(WeComApis.SuiteToken, TimeSpan.FromMilliseconds(50), always: true);
        await weCom.SlowAsync(WeComApis.CorpToken, TimeSpan.FromMilliseconds(50), always: true);
        var providers = new List<AccessTokenProvider>();
        for (var replica = 0; replica < 2; replica++)
        {
            AccessTokenProvider? provider = null;
            var api = RestService.For<IWeComServiceApi>(new HttpClient(new SuiteTokenInQuery(() => provider!, weCom.CreateHandler())) { BaseAddress = weCom.BaseAddress });
            var source = new WeComTokenSource(api, tickets, authorizations, credentials, Options.Create(new TokenOptions()), TimeProvider.System, NullLogger<WeComTokenSource>.Instance);
            provider = Provider(new RedisTokenStore(await ConnectAsync(), TimeProvider.System), source, new TokenOptions());
            providers.Add(provider);
        }

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = providers.SelectMany(p => Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            await go.Task;
            return (await p.GetAsync(key, default)).Value;
        }))).ToList();
        go.SetResult();
        var tokens = await Task.WhenAll(callers);
        Console.WriteLine(
            $"// Token stampede: {tokens.Length} callers in 2 providers on an expired corp token -> get_corp_token {await weCom.CountAsync(WeComApis.CorpToken)}, "
            + $"get_suite_token {await weCom.CountAsync(WeComApis.SuiteToken)}, distinct tokens handed out {tokens.Distinct().Count()}");
        await authorizations.DeleteCorpAsync(key.CorpId!, default);
        await _connections[0].GetDatabase().KeyDeleteAsync(RedisKeys.Prefix + TokenKey.Suite(key.SuiteId!).CacheKey);
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(RedisAddress);
        _connections.Add(connection);
        return connection;
    }

    private static readonly WeComApiMetrics Metrics =
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());

    private static AccessTokenProvider Provider(ITokenStore store, ITokenSource source, TokenOptions options) =>
        new(store, source, Options.Create(options), TimeProvider.System, Metrics, NullLogger<AccessTokenProvider>.Instance);

    private sealed class ThrowingSource : ITokenSource
    {
        public Task<AccessToken> FetchAsync(TokenKey key, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the hit path must not fetch");
    }

    /// <summary>Corp tokens are kept only for a corp that holds a grant: the benchmark corps hold one, with a throwaway secrets key.</summary>
    private static RedisAuthorizationStore Grants(IConnectionMultiplexer redis) =>
        new(redis, new SecretProtector(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));

    /// <summary>Puts the suite token a get_corp_token call names into its query, as the real token handler would.</summary>
    private sealed class SuiteTokenInQuery(Func<IAccessTokenProvider> tokens, HttpMessageHandler weCom) : DelegatingHandler(weCom)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Options.TryGetValue(new HttpRequestOptionsKey<TokenKey>(WeComRequestOptions.Token), out var key))
            {
                var token = await tokens().GetAsync(key, cancellationToken);
                request.RequestUri = new Uri($"{request.RequestUri}{(request.RequestUri!.Query.Length == 0 ? "?" : "&")}suite_access_token={Uri.EscapeDataString(token.Value)}");
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
