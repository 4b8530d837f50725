using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using WeComGateway.Admin;
using WeComGateway.Automation;
using WeComGateway.Contracts;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Campaigns;
using WeComGateway.Storage.Customers;
using WeComGateway.Testing;
using WeComGateway.Workers.Campaigns;
using WeComGateway.Workers.Channels;
using WeComGateway.Workers.Customers;
using WeComGateway.Workers.Hosting;
using WeComGateway.Workers.Tests.Customers.Support;
using WeComGateway.Workers.Tests.Fission;
using WeComGateway.Workers.Tests.Support;

namespace WeComGateway.Workers.Tests.Campaigns;

/// <summary>
/// The campaign consumer on MassTransit's test harness with in-memory stores, a fake clock, and WeCom played by the
/// in-process emulator on the same clock (its members confirm mass messages only when told). The corp
/// <see cref="CorpId"/> installed the app. The scheduler is run by hand (<see cref="RunSchedulerAsync"/>). One per test.
/// </summary>
internal sealed class CampaignHarness : IAsyncDisposable
{
    public const string SuiteId = AutomationHarness.SuiteId;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly ServiceProvider _services;
    private readonly ReceiveCompletions _completions = new();

    private CampaignHarness(ServiceProvider services, FakeTimeProvider clock, WeComEmulator weCom)
    {
        _services = services;
        Clock = clock;
        WeCom = weCom;
        Harness = services.GetRequiredService<ITestHarness>();
    }

    public string CorpId { get; } = "ww" + Guid.NewGuid().ToString("N")[..16];

    public FakeTimeProvider Clock { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    public WeComEmulator WeCom { get; }

    public ITestHarness Harness { get; }

    /// <summary>Every publish, repeats with the same message id included.</summary>
    public PublishRecorder Published { get; } = new();

    public ICampaignStore Store => _services.GetRequiredService<ICampaignStore>();

    public static async Task<CampaignHarness> StartAsync(int monthlyLimit = 4, int customersPerTask = 10_000)
    {
        var clock = new FakeTimeProvider(AutomationHarness.MondayMorning);
        var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { Time = clock });
        var settings = EmulatedWeCom.Settings(weCom, SuiteId);
        settings["Automation:Reevaluation:Enabled"] = "false";
        settings["Campaigns:SchedulerEnabled"] = "false";
        settings["Campaigns:MonthlyLimit"] = monthlyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Campaigns:CustomersPerTask"] = customersPerTask.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Debug).AddFakeLogging());
        services.AddSingleton<TimeProvider>(clock);
        services.AddEmulatedWeCom(configuration, weCom);
        services.AddCustomerAutomationServices(configuration);
        services.AddChannelServices(configuration);
        services.AddCampaignServices(configuration);
        services.AddMassTransitTestHarness(x =>
        {
            x.AddCampaignConsumers();
            x.AddWorkerEndpointDefaults();
        });

        var provider = services.BuildServiceProvider(validateScopes: true);
        var harness = new CampaignHarness(provider, clock, weCom);
        var permanentCode = await weCom.AuthorizeAsync(harness.CorpId, "水果铺");
        await provider.GetRequiredService<IAuthorizationStore>().SaveAsync(
            new CorpAuthorization(harness.CorpId, SuiteId, permanentCode, "水果铺", clock.GetUtcNow().AddDays(-30)), CancellationToken.None);
        await provider.PushSuiteTicketAsync(SuiteId, clock.GetUtcNow());
        await harness.Harness.Start();
        harness.Harness.Bus.ConnectReceiveObserver(harness._completions);
        harness.Harness.Bus.ConnectPublishObserver(harness.Published);
        return harness;
    }

    /// <summary>Moves the clock (WeCom's too) and pushes a fresh suite_ticket, as WeCom does every ten minutes.</summary>
    public Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        return _services.PushSuiteTicketAsync(SuiteId, Now);
    }

    /// <summary>
    /// Customers WeCom knows (followed by <paramref name="employee"/>) and the gateway has facts of: tagged
    /// <paramref name="tags"/>, named 客户1…, added a week ago. Returns their ids.
    /// </summary>
    public async Task<IReadOnlyList<string>> CustomersAsync(int count, string employee, params TagRef[] tags)
    {
        var ids = await WeCom.SeedExistingCustomersAsync(CorpId, count, [employee]);
        var facts = _services.GetRequiredService<ICustomerFactsStore>();
        foreach (var (id, n) in ids.Select((id, n) => (id, n)))
        {
            var customer = CustomerFacts.New(CorpId, id) with
            {
                Name = $"客户{n + 1}", FollowUsers = [employee], Tags = tags, AddedAt = Now.AddDays(-7), Stage = "新客户",
            };
            Assert.True(await facts.TryWriteAsync(CorpId, id, 0, CustomerFactsRepository.Serialize(customer, []), null, CancellationToken.None));
        }

        return ids;
    }

    /// <summary>Stores a campaign as <c>POST /admin/corps/{corpId}/campaigns</c> does.</summary>
    public async Task CreateAsync(string id, CampaignDefinition definition, DateTimeOffset? sendAt = null)
    {
        Assert.Empty(definition.Problems());
        var campaign = new CampaignRecord { Id = id, Name = id, Definition = definition.ToJson(), CreatedAt = Now, SendAt = sendAt ?? Now };
        Assert.Equal(CampaignCreateOutcome.Created, await Store.CreateAsync(CorpId, campaign, CancellationToken.None));
    }

    public Task<CampaignPreview> PreviewAsync(CampaignDefinition definition)
    {
        using var scope = _services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<ICampaignManager>().PreviewAsync(CorpId, definition, 10, CancellationToken.None);
    }

    public async Task<CampaignSnapshot> SnapshotAsync(string id) => (await Store.GetAsync(CorpId, id, CancellationToken.None))!;

    /// <summary>One scheduler pass; then waits until every step it published was handled. Returns how many it published.</summary>
    public async Task<int> RunSchedulerAsync()
    {
        var before = Published.Of<CampaignDue>().Count;
        var published = await ActivatorUtilities.CreateInstance<CampaignScheduler>(_services).RunOnceAsync(CancellationToken.None);
        foreach (var (_, messageId) in Published.Of<CampaignDue>().Skip(before))
        {
            await Eventually.HoldsAsync(() => _completions.Count(messageId!.Value) >= 1, "the campaign step to be handled", timeout: Patience);
        }

        return published;
    }

    /// <summary>Delivers a step as a redelivery or a copy would (the message id given), and waits until it was handled.</summary>
    public async Task DeliverAsync(CampaignDue step, Guid messageId)
    {
        var before = _completions.Count(messageId);
        await Harness.Bus.Publish(step, c => c.MessageId = messageId);
        await Eventually.HoldsAsync(() => _completions.Count(messageId) > before, "the campaign step to be handled", timeout: Patience);
    }

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _services.DisposeAsync();
        await WeCom.DisposeAsync();
    }
}
