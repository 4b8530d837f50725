using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Service;
using WeComGateway.WeComApi.Tokens;
using WireMock.Server;

namespace WeComGateway.WeComApi.Tests.Support;

/// <summary>
/// A fresh WireMock "WeCom", a fresh container with <c>AddWeComApi</c> pointed at it, and the fake token provider.
/// Delays are tiny so retries are fast; tests count calls, not time.
/// </summary>
public sealed class FakeWeCom : IDisposable
{
    public const string SuiteId = "suite-a";
    public const string CorpA = "wwcorpA";
    public const string CorpB = "wwcorpB";

    private readonly ServiceProvider _services;

    public FakeWeCom(IDictionary<string, string?>? settings = null)
    {
        Server = WireMockServer.Start();
        var values = new Dictionary<string, string?>
        {
            ["WeCom:ApiBaseUrl"] = Server.Url,
            ["WeCom:Api:AttemptTimeout"] = "00:00:05",
            ["WeCom:Api:TotalTimeout"] = "00:00:10",
            ["WeCom:Api:RetryBaseDelay"] = "00:00:00.010",
            ["WeCom:Api:RetryMaxDelay"] = "00:00:00.050",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        _services = new ServiceCollection()
            .AddSingleton<IAccessTokenProvider>(Tokens)
            .AddWeComApi(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public WireMockServer Server { get; }

    public FakeTokenProvider Tokens { get; } = new();

    public IWeComExternalContactApi ExternalContact => _services.GetRequiredService<IWeComExternalContactApi>();

    public IWeComServiceApi Service => _services.GetRequiredService<IWeComServiceApi>();

    public IServiceProvider Services => _services;

    public static TokenKey TokenOf(string corpId) => TokenKey.Corp(SuiteId, corpId);

    public int CallsTo(string path) => Server.LogEntries.Count(e => e.RequestMessage?.Path == path);

    public void Dispose()
    {
        _services.Dispose();
        Server.Stop();
        Server.Dispose();
    }
}
