using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Testing;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Service;
using WeComGateway.WeComApi.Tokens;
using WireMock.Server;

namespace WeComGateway.WeComApi.Tests.Support;

/// <summary>
/// The open-API client as <c>AddWeComApi</c> composes it, in a fresh container, with <see cref="RecordingTokens"/>;
/// pointed at the WeCom emulator (what WeCom does: errcodes, slow or failing answers, per corp) or, for tests about the
/// bytes on the wire, at WireMock. Delays are tiny so retries are fast; tests count calls, not time.
/// </summary>
public sealed class ClientUnderTest : IAsyncDisposable
{
    public const string SuiteId = "suite-a";
    public const string CorpA = "wwcorpA";
    public const string CorpB = "wwcorpB";

    private readonly ServiceProvider _services;
    private readonly WeComEmulator? _emulator;
    private readonly WireMockServer? _wire;

    private ClientUnderTest(WeComEmulator? emulator, WireMockServer? wire, IDictionary<string, string?>? settings)
    {
        _emulator = emulator;
        _wire = wire;
        Tokens = new RecordingTokens(emulator);
        var values = new Dictionary<string, string?>
        {
            ["WeCom:ApiBaseUrl"] = emulator?.ApiBaseUrl ?? wire!.Url,
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
        var services = new ServiceCollection().AddSingleton<IAccessTokenProvider>(Tokens).AddWeComApi(configuration);
        emulator?.Serve(services);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>WeCom, as the emulator plays it.</summary>
    public WeComEmulator Emulator => _emulator ?? throw new InvalidOperationException("This client talks to WireMock.");

    /// <summary>WireMock, for the wire-format tests.</summary>
    public WireMockServer Wire => _wire ?? throw new InvalidOperationException("This client talks to the emulator.");

    public RecordingTokens Tokens { get; }

    public IWeComExternalContactApi ExternalContact => _services.GetRequiredService<IWeComExternalContactApi>();

    public IWeComServiceApi Service => _services.GetRequiredService<IWeComServiceApi>();

    public IServiceProvider Services => _services;

    public static TokenKey TokenOf(string corpId) => TokenKey.Corp(SuiteId, corpId);

    /// <param name="overHttp">On a loopback port, for what only a real HTTP stack shows (the HTTP client's spans).</param>
    public static async Task<ClientUnderTest> OverEmulatorAsync(IDictionary<string, string?>? settings = null, bool overHttp = false) =>
        new(await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = overHttp }), null, settings);

    public static ClientUnderTest OverWireMock(IDictionary<string, string?>? settings = null) => new(null, WireMockServer.Start(), settings);

    /// <summary>A mark_tag request for a customer of the corp, with a tag the corp has (created in its console).</summary>
    public async Task<MarkTagRequest> TagFruitLoverAsync(string corpId = CorpA) =>
        new("zhangsan", "wmCustomer1") { AddTag = [await Emulator.AddTagAsync(corpId, "兴趣", "爱水果")] };

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        _wire?.Stop();
        _wire?.Dispose();
    }
}
