using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Refit;
using StackExchange.Redis;
using WeComGateway.Storage;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Secrets;
using WeComGateway.Storage.Redis;
using WeComGateway.Storage.Tickets;
using WeComGateway.Storage.Tokens;
using WeComGateway.Testing;
using WeComGateway.WeComApi.Service;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.IntegrationTests.Tokens;

/// <summary>
/// One test's world: WeCom (the emulator, over HTTP), the shared real Redis, shared authorizations and fresh suite/corp
/// ids, plus as many gateway replicas (separate DI containers, each with its own Redis connection) as the test starts.
/// </summary>
internal sealed class TokenWorld : IAsyncDisposable
{
    private const string PermanentCode = "permanent-code-never-logged";
    private readonly List<TokenReplica> _replicas = [];

    private readonly IConnectionMultiplexer _redis;

    private TokenWorld(WeComEmulator weCom, bool errcodeHandler, IConnectionMultiplexer redis)
    {
        WeCom = weCom;
        ErrcodeHandler = errcodeHandler;
        _redis = redis;
        Authorizations = new RedisAuthorizationStore(redis, new SecretProtector(RandomNumberGenerator.GetBytes(32)));
    }

    public bool ErrcodeHandler { get; }

    public WeComEmulator WeCom { get; }

    /// <summary>The grants, in the real Redis the replicas share (a corp's tokens are kept only while it holds one).</summary>
    public RedisAuthorizationStore Authorizations { get; }

    public string SuiteId { get; } = "suite-" + Guid.NewGuid().ToString("N")[..12];

    public string CorpId { get; } = "wwcorp" + Guid.NewGuid().ToString("N")[..12];

    public TokenKey CorpToken => TokenKey.Corp(SuiteId, CorpId);

    public TokenKey SuiteToken => TokenKey.Suite(SuiteId);

    public static string SecretPermanentCode => PermanentCode;

    /// <param name="time">WeCom's clock: the replicas' too when a test moves time.</param>
    /// <param name="errcodeHandler">The client throws <c>WeComApiException</c> on errcode != 0, as with the real error handler.</param>
    public static async Task<TokenWorld> StartAsync(TimeProvider? time = null, bool errcodeHandler = false) =>
        new(await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true, Time = time }), errcodeHandler, await RealServices.ConnectRedisAsync());

    public Task<int> SuiteTokenCallsAsync() => WeCom.CountAsync(WeComApis.SuiteToken);

    public Task<int> CorpTokenCallsAsync() => WeCom.CountAsync(WeComApis.CorpToken);

    /// <summary>The corp token WeCom holds valid right now (the one a fetch gets).</summary>
    public Task<string> WeComsCorpTokenAsync() => WeCom.CorpTokenAsync(CorpId);

    public TokenReplica StartReplica(TimeProvider? time = null, Action<TokenOptions>? tune = null)
    {
        var replica = new TokenReplica(this, time, tune);
        _replicas.Add(replica);
        return replica;
    }

    /// <summary>The corp installed the suite: WeCom knows the permanent code, and so does the authorization store.</summary>
    public async Task AuthorizeAsync(bool active = true, string? reason = null)
    {
        await WeCom.AuthorizeAsync(CorpId, "Fruit Shop", PermanentCode);
        await Authorizations.SaveAsync(new CorpAuthorization(CorpId, SuiteId, PermanentCode, "Fruit Shop", DateTimeOffset.UtcNow, active, reason), default);
    }

    public Task PushTicketAsync(TokenReplica replica, DateTimeOffset eventTime) =>
        replica.Tickets.SaveAsync(SuiteId, new SuiteTicket("ticket-" + SuiteId, eventTime, eventTime), default);

    public async ValueTask DisposeAsync()
    {
        await Authorizations.DeleteCorpAsync(CorpId, default);
        await using var redis = _redis;
        var db = redis.GetDatabase();
        foreach (var key in new[] { CorpToken, SuiteToken })
        {
            await db.KeyDeleteAsync([RedisKeys.Prefix + key.CacheKey, RedisKeys.Lock("token:" + key.CacheKey)]);
        }

        await db.KeyDeleteAsync(RedisKeys.SuiteTicket(SuiteId));
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }

        await WeCom.DisposeAsync();
    }
}

/// <summary>A gateway process as far as tokens go: AddGatewayStores + AddWeComTokens on the real Redis.</summary>
internal sealed class TokenReplica : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public TokenReplica(TokenWorld world, TimeProvider? time, Action<TokenOptions>? tune)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = RealServices.Redis,
            ["WeCom:ProviderCorpId"] = "wwprovider",
            ["WeCom:ProviderSecret"] = "provider-secret",
            ["WeCom:Suites:0:SuiteId"] = world.SuiteId,
            ["WeCom:Suites:0:SuiteSecret"] = "suite-secret",
            ["WeCom:Suites:0:Token"] = "token",
            ["WeCom:Suites:0:EncodingAesKey"] = "gH4Xhh7kPTXxM7BLHj01M1Wbtkj7HCYjTQHuc0N2OKc",
        }).Build();
        var services = new ServiceCollection();
        services.AddFakeLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddGatewayStores(configuration);
        services.AddWeComTokens(configuration);
        services.Configure<TokenOptions>(o => tune?.Invoke(o));
        services.AddSingleton<IAuthorizationStore>(world.Authorizations);
        services.AddSingleton(sp => RestService.For<IWeComServiceApi>(
            new HttpClient(new TokenQueryHandler(sp.GetRequiredService<IAccessTokenProvider>, world.ErrcodeHandler)) { BaseAddress = world.WeCom.BaseAddress }));
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public IAccessTokenProvider Tokens => _services.GetRequiredService<IAccessTokenProvider>();

    public ITokenStore Store => _services.GetRequiredService<ITokenStore>();

    public ISuiteTicketStore Tickets => _services.GetRequiredService<ISuiteTicketStore>();

    public IConnectionMultiplexer Redis => _services.GetRequiredService<IConnectionMultiplexer>();

    public FakeLogCollector Logs => _services.GetFakeLogCollector();

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
