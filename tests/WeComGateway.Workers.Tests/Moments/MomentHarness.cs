using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using WeComGateway.Contracts;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Moments;
using WeComGateway.Testing;
using WeComGateway.Workers.Hosting;
using WeComGateway.Workers.Moments;
using WeComGateway.Workers.Tests.Customers.Support;
using WeComGateway.Workers.Tests.Fission;
using WeComGateway.Workers.Tests.Support;

namespace WeComGateway.Workers.Tests.Moments;

/// <summary>
/// The moment consumer on MassTransit's test harness with in-memory stores, a fake clock, and WeCom played by the
/// in-process emulator on the same clock; every publish recorded, repeats included. One per test; the scheduler is
/// run by hand (<see cref="RunSchedulerAsync"/>).
/// </summary>
internal sealed class MomentHarness : IAsyncDisposable
{
    public const string SuiteId = AutomationHarness.SuiteId;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly ServiceProvider _services;
    private readonly ReceiveCompletions _completions = new();
    private readonly PublishRecorder _published = new();

    private MomentHarness(ServiceProvider services, FakeTimeProvider clock, WeComEmulator weCom)
    {
        _services = services;
        Clock = clock;
        WeCom = weCom;
        Harness = services.GetRequiredService<ITestHarness>();
    }

    public string CorpId { get; } = "ww" + Guid.NewGuid().ToString("N")[..16];

    public FakeTimeProvider Clock { get; }

    public WeComEmulator WeCom { get; }

    public ITestHarness Harness { get; }

    public IMomentStore Moments => _services.GetRequiredService<IMomentStore>();

    /// <param name="mediaRoot">The gateway's <c>Media:Root</c>, for attachments given by path.</param>
    public static async Task<MomentHarness> StartAsync(string? mediaRoot = null)
    {
        var clock = new FakeTimeProvider(AutomationHarness.MondayMorning);
        var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { Time = clock });
        var settings = EmulatedWeCom.Settings(weCom, SuiteId);
        settings["Automation:Reevaluation:Enabled"] = "false";
        settings["Moments:SchedulerEnabled"] = "false";
        settings["Media:Root"] = mediaRoot;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Debug).AddFakeLogging());
        services.AddSingleton<TimeProvider>(clock);
        services.AddEmulatedWeCom(configuration, weCom);
        services.AddMomentServices(configuration);
        services.AddMassTransitTestHarness(x =>
        {
            x.AddMomentConsumers();
            x.AddWorkerEndpointDefaults();
        });

        var provider = services.BuildServiceProvider(validateScopes: true);
        var harness = new MomentHarness(provider, clock, weCom);
        var permanentCode = await weCom.AuthorizeAsync(harness.CorpId, "水果铺");
        await provider.GetRequiredService<IAuthorizationStore>().SaveAsync(
            new CorpAuthorization(harness.CorpId, SuiteId, permanentCode, "水果铺", clock.GetUtcNow().AddDays(-30)), CancellationToken.None);
        await provider.PushSuiteTicketAsync(SuiteId, clock.GetUtcNow());
        await harness.Harness.Start();
        harness.Harness.Bus.ConnectReceiveObserver(harness._completions);
        harness.Harness.Bus.ConnectPublishObserver(harness._published);
        return harness;
    }

    /// <summary>A moment for the customers with the console tag <c>客户等级/VIP</c>, stored as the admin API stores it.</summary>
    public Task<Moment> CreateAsync(string id = "spring-sale", params string[] employees) => CreateAsync(id, [], employees);

    /// <summary>The same, with attachments.</summary>
    public async Task<Moment> CreateAsync(string id, IReadOnlyList<MomentAttachmentSpec> attachments, params string[] employees)
    {
        var tagId = await WeCom.TagIdAsync(CorpId, "客户等级", "VIP") ?? await WeCom.AddTagAsync(CorpId, "客户等级", "VIP");
        var now = Clock.GetUtcNow();
        var (result, moment) = await Moments.CreateAsync(
            CorpId,
            new Moment
            {
                Id = id, Text = "春季新品上市", Tags = [new MomentTag("客户等级", "VIP", tagId)], Employees = employees, Attachments = attachments,
                Status = MomentStatus.Pending, CreatedBy = "test", CreatedAt = now, UpdatedAt = now,
            },
            now,
            CancellationToken.None);
        Assert.Equal(MomentCreateResult.Created, result);
        return moment!;
    }

    public Task<Moment?> ReadAsync(string id = "spring-sale") => Moments.GetAsync(CorpId, id, CancellationToken.None);

    /// <summary>Moves the clock (WeCom's too) and pushes a fresh suite_ticket, as WeCom does every ten minutes.</summary>
    public Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        return _services.PushSuiteTicketAsync(SuiteId, Clock.GetUtcNow());
    }

    /// <summary>Publishes <see cref="MomentRequested"/> as the admin API does and waits until the consumer is done with it.</summary>
    public async Task RequestAsync(string id = "spring-sale")
    {
        var messageId = NewId.NextGuid();
        await Harness.Bus.Publish(
            new MomentRequested { CorpId = CorpId, MomentId = id, RequestedBy = "test", RequestedAt = Clock.GetUtcNow() },
            context => context.MessageId = messageId);
        await Eventually.HoldsAsync(() => _completions.Count(messageId) >= 1, "MomentRequested to be handled", timeout: Patience);
    }

    public Task<int> RunSchedulerAsync() => ActivatorUtilities.CreateInstance<MomentScheduler>(_services).RunOnceAsync(CancellationToken.None);

    /// <summary>One step of <see cref="MomentPublisher"/>, as a replica's scheduler would take it, in a scope of its own.</summary>
    public async Task HandleAsync(string id, string owner)
    {
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MomentPublisher>().HandleAsync(CorpId, id, Harness.Bus, owner, CancellationToken.None);
    }

    /// <summary>Every copy of <typeparamref name="T"/> that went out, repeats included.</summary>
    public IReadOnlyList<(T Message, Guid? MessageId)> Published<T>()
        where T : class => _published.Of<T>();

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _services.DisposeAsync();
        await WeCom.DisposeAsync();
    }
}
