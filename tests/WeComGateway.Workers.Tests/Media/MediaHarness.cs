using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Media;
using WeComGateway.Testing;
using WeComGateway.WeComApi.Tokens;
using WeComGateway.Workers.Diagnostics;
using WeComGateway.Workers.Media;
using WeComGateway.Workers.Tests.Support;

namespace WeComGateway.Workers.Tests.Media;

/// <summary>
/// The media library as the workers compose it (in-memory stores, the WeCom clients and tokens) against the
/// emulator on <see cref="Clock"/>, with <c>Media:Root</c> a throwaway folder. One per test.
/// </summary>
internal sealed class MediaHarness : IAsyncDisposable
{
    public const string SuiteId = "wwsuite0000000001";

    private readonly ServiceProvider _services;
    private readonly MetricCollector<long> _reuploads;

    private MediaHarness(ServiceProvider services, WeComEmulator weCom, TimeProvider clock, MediaFolder folder)
    {
        _services = services;
        Folder = folder;
        WeCom = weCom;
        Clock = clock;
        _reuploads = new MetricCollector<long>(services.GetRequiredService<IMeterFactory>(), WorkerMetrics.MeterName, "wecomgw.media.reuploads");
    }

    public string CorpId { get; } = "ww" + Guid.NewGuid().ToString("N")[..16];

    public TokenKey Token => TokenKey.Corp(SuiteId, CorpId);

    public WeComEmulator WeCom { get; }

    public TimeProvider Clock { get; }

    /// <summary><c>Media:Root</c>.</summary>
    public MediaFolder Folder { get; }

    public IMediaCacheStore Cache => _services.GetRequiredService<IMediaCacheStore>();

    public IServiceProvider Services => _services;

    /// <summary>The re-uploads counted so far, by reason.</summary>
    public IReadOnlyList<string> Reuploads => [.. _reuploads.GetMeasurementSnapshot().Select(m => (string)m.Tags["reason"]!)];

    public static async Task<MediaHarness> StartAsync(TimeProvider? clock = null, Action<MediaOptions>? media = null)
    {
        clock ??= TimeProvider.System;
        var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { Time = clock });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(EmulatedWeCom.Settings(weCom, SuiteId)).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton(clock);
        services.AddEmulatedWeCom(configuration, weCom);
        var folder = new MediaFolder();
        services.Configure<MediaOptions>(o =>
        {
            o.Root = folder.Root;
            media?.Invoke(o);
        });
        services.AddMediaLibrary(configuration);
        var harness = new MediaHarness(services.BuildServiceProvider(validateScopes: true), weCom, clock, folder);
        var permanentCode = await weCom.AuthorizeAsync(harness.CorpId, "水果铺");
        await harness._services.GetRequiredService<IAuthorizationStore>()
            .SaveAsync(new CorpAuthorization(harness.CorpId, SuiteId, permanentCode, "水果铺", clock.GetUtcNow().AddDays(-30)), CancellationToken.None);
        await harness.PushSuiteTicketAsync();
        return harness;
    }

    /// <summary>A library as one replica (or one consumer scope) has it; every one shares the stores.</summary>
    public IMediaLibrary Library() => ActivatorUtilities.CreateInstance<MediaLibrary>(_services);

    /// <summary>WeCom pushes a suite_ticket every ten minutes; a test that moves its clock days ahead pushes one itself.</summary>
    public Task PushSuiteTicketAsync() => _services.PushSuiteTicketAsync(SuiteId, Clock.GetUtcNow());

    public async ValueTask DisposeAsync()
    {
        _reuploads.Dispose();
        await _services.DisposeAsync();
        await WeCom.DisposeAsync();
        Folder.Dispose();
    }
}
