using System.Net;
using System.Text;
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
using WeComGateway.Storage.Tickets;
using WeComGateway.Storage.Tokens;
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
        var store = new RedisTokenStore(await ConnectAsync(), TimeProvider.System);
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
        foreach (var connection in _connections)
        {
            connection.GetDatabase().KeyDelete(RedisKeys.Prefix + _key.CacheKey);
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
        var authorizations = new OneCorp(new CorpAuthorization(key.CorpId!, key.SuiteId!, "permanent-code", null, DateTimeOffset.UtcNow));
        var credentials = Options.Create(new WeComOptions { Suites = [new SuiteOptions { SuiteId = key.SuiteId!, SuiteSecret = "secret" }] });
        var weCom = new CountingWeCom();
        var providers = new List<AccessTokenProvider>();
        for (var replica = 0; replica < 2; replica++)
        {
            AccessTokenProvider? provider = null;
            weCom.TokensFor.Add(() => provider!);
            var api = RestService.For<IWeComServiceApi>(new HttpClient(weCom.ForReplica(replica)) { BaseAddress = new Uri("http://wecom.local") });
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
            $"// Token stampede: {tokens.Length} callers in 2 providers on an expired corp token -> get_corp_token {weCom.CorpTokenCalls}, "
            + $"get_suite_token {weCom.SuiteTokenCalls}, distinct tokens handed out {tokens.Distinct().Count()}");
        var db = _connections[0].GetDatabase();
        await db.KeyDeleteAsync([RedisKeys.Prefix + key.CacheKey, RedisKeys.Prefix + TokenKey.Suite(key.SuiteId!).CacheKey]);
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

    private sealed class OneCorp(CorpAuthorization authorization) : IAuthorizationStore
    {
        public Task SaveAsync(CorpAuthorization authorization, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<CorpAuthorization?> GetAsync(string corpId, CancellationToken cancellationToken) =>
            Task.FromResult<CorpAuthorization?>(corpId == authorization.CorpId ? authorization : null);

        public Task MarkInactiveAsync(string corpId, string reason, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<long> DeleteCorpAsync(string corpId, CancellationToken cancellationToken) => Task.FromResult(0L);
    }

    /// <summary>WeCom's token endpoints, 50 ms each, counting calls; resolves the suite token a corp-token call names, as the real handler would.</summary>
    private sealed class CountingWeCom
    {
        private int _suiteTokenCalls;
        private int _corpTokenCalls;

        public List<Func<IAccessTokenProvider>> TokensFor { get; } = [];

        public int SuiteTokenCalls => _suiteTokenCalls;

        public int CorpTokenCalls => _corpTokenCalls;

        public HttpMessageHandler ForReplica(int replica) => new Handler(this, replica);

        private sealed class Handler(CountingWeCom weCom, int replica) : HttpMessageHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.Options.TryGetValue(new HttpRequestOptionsKey<TokenKey>(WeComRequestOptions.Token), out var key))
                {
                    await weCom.TokensFor[replica]().GetAsync(key, cancellationToken);
                }

                await Task.Delay(50, cancellationToken);
                var body = request.RequestUri!.AbsolutePath switch
                {
                    "/cgi-bin/service/get_suite_token" => $$"""{"suite_access_token":"suite-{{Interlocked.Increment(ref weCom._suiteTokenCalls)}}","expires_in":7200}""",
                    "/cgi-bin/service/get_corp_token" => $$"""{"access_token":"corp-{{Interlocked.Increment(ref weCom._corpTokenCalls)}}","expires_in":7200}""",
                    _ => """{"errcode":404,"errmsg":"not stubbed"}""",
                };
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            }
        }
    }
}
