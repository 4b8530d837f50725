using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using WeComGateway.Automation;
using WeComGateway.Storage.Alerts;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Leads;
using WeComGateway.Testing;
using WeComGateway.Workers.Alerts;
using WeComGateway.Workers.Customers;
using WeComGateway.Workers.Hosting;
using WeComGateway.Workers.Leads;
using WeComGateway.Workers.Tests.Customers.Support;
using WeComGateway.Workers.Tests.Support;

namespace WeComGateway.Workers.Tests.Leads;

/// <summary>
/// The lead-pool and deletion-alert consumers on MassTransit's test harness with in-memory stores, a fake clock, and
/// WeCom played by the in-process emulator on the same clock. The corp <see cref="CorpId"/> installed the app (its
/// grant keeps the emulator's agentid). One per test; the scheduler is run by hand (<see cref="Scheduler"/>).
/// </summary>
internal sealed class LeadHarness : IAsyncDisposable
{
    public const string SuiteId = AutomationHarness.SuiteId;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static readonly CancellationToken Existing = new(canceled: true);
    private static readonly Type[] Consumers = [typeof(LeadPoolConsumer), typeof(DeletionAlertConsumer)];

    private readonly ServiceProvider _services;
    private readonly ReceiveCompletions _completions = new();

    private LeadHarness(ServiceProvider services, FakeTimeProvider clock, WeComEmulator weCom)
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

    public ILeadStore Leads => _services.GetRequiredService<ILeadStore>();

    public IDeletionAlertSettingsStore AlertSettings => _services.GetRequiredService<IDeletionAlertSettingsStore>();

    public IAuthorizationStore Authorizations => _services.GetRequiredService<IAuthorizationStore>();

    public static async Task<LeadHarness> StartAsync(long? agentId = 1000001)
    {
        var clock = new FakeTimeProvider(AutomationHarness.MondayMorning);
        var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { Time = clock });
        var settings = EmulatedWeCom.Settings(weCom, SuiteId);
        settings["Automation:Reevaluation:Enabled"] = "false";
        settings["Leads:SchedulerEnabled"] = "false";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Debug).AddFakeLogging());
        services.AddSingleton<TimeProvider>(clock);
        services.AddEmulatedWeCom(configuration, weCom);
        services.AddLeadPoolServices(configuration);
        services.AddDeletionAlertServices(configuration);
        services.AddMassTransitTestHarness(x =>
        {
            x.AddLeadPoolConsumers();
            x.AddDeletionAlertConsumers();
            x.AddWorkerEndpointDefaults();
        });

        var provider = services.BuildServiceProvider(validateScopes: true);
        var harness = new LeadHarness(provider, clock, weCom);
        var permanentCode = await weCom.AuthorizeAsync(harness.CorpId, "水果铺");
        await harness.Authorizations.SaveAsync(
            new CorpAuthorization(harness.CorpId, SuiteId, permanentCode, "水果铺", clock.GetUtcNow().AddDays(-30), AgentId: agentId), CancellationToken.None);
        await provider.PushSuiteTicketAsync(SuiteId, clock.GetUtcNow());
        await harness.Harness.Start();
        harness.Harness.Bus.ConnectReceiveObserver(harness._completions);
        return harness;
    }

    /// <summary>Moves the clock (WeCom's too) and pushes a fresh suite_ticket, as WeCom does every ten minutes.</summary>
    public Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        return _services.PushSuiteTicketAsync(SuiteId, Now);
    }

    /// <summary>The corp's rotation, as <c>PUT /admin/corps/{corpId}/leads/settings</c> stores it.</summary>
    public async Task UseSettingsAsync(LeadPoolSettings settings) => Assert.True(await Leads.SaveSettingsAsync(CorpId, settings, CancellationToken.None));

    /// <summary>Leads stored as the admin API stores them (phones normalized); returns their ids.</summary>
    public async Task<IReadOnlyList<string>> ImportAsync(params (string Phone, string Name, string Source)[] leads) =>
        (await Leads.ImportAsync(CorpId, [.. leads.Select(l => new NewLead(l.Phone, l.Name, l.Source, []))], Now, CancellationToken.None)).LeadIds;

    public LeadScheduler Scheduler() => ActivatorUtilities.CreateInstance<LeadScheduler>(_services);

    /// <summary>One scheduler pass, then waits until what it published was consumed.</summary>
    public async Task<int> RunSchedulerAsync()
    {
        var before = Harness.Published.Select<object>(Existing).Count();
        var handled = await Scheduler().RunOnceAsync(CancellationToken.None);
        await SettleAsync(before);
        return handled;
    }

    /// <summary>Publishes and waits until every endpoint consuming it is done (and what it published in turn).</summary>
    public async Task<string?> DeliverAsync<T>(T message)
        where T : class
    {
        var before = Harness.Published.Select<object>(Existing).Count();
        var messageId = NewId.NextGuid();
        await Harness.Bus.Publish(message, context => context.MessageId = messageId);
        await Eventually.HoldsAsync(() => _completions.Count(messageId) >= EndpointsConsuming(typeof(T)), $"{typeof(T).Name} to be handled", timeout: Patience);
        await SettleAsync(before + 1);
        var faults = Published<Fault<T>>(f => f.FaultedMessageId == messageId);
        return faults.Count == 0 ? null : string.Join("; ", faults.SelectMany(f => f.Exceptions).Select(e => $"{e.ExceptionType}: {e.Message}"));
    }

    public IReadOnlyList<T> Published<T>(Func<T, bool>? match = null)
        where T : class =>
        [.. Harness.Published.Select<T>(m => match?.Invoke(m.Context.Message) ?? true, Existing).Select(m => m.Context.Message)];

    /// <summary>Stores facts as a worker would have, for a customer the test does not add through events.</summary>
    public async Task SeedFactsAsync(CustomerFacts facts) =>
        Assert.True(await _services.GetRequiredService<WeComGateway.Storage.Customers.ICustomerFactsStore>()
            .TryWriteAsync(facts.CorpId, facts.ExternalUserId, 0, CustomerFactsRepository.Serialize(facts, []), null, CancellationToken.None));

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _services.DisposeAsync();
        await WeCom.DisposeAsync();
    }

    /// <summary>Every message published after the first <paramref name="skip"/> is done at every endpoint consuming it.</summary>
    private async Task SettleAsync(int skip)
    {
        for (var round = 0; round < 10; round++)
        {
            var published = Harness.Published.Select<object>(Existing).Skip(skip).ToList();
            foreach (var message in published)
            {
                var endpoints = EndpointsConsuming(message.MessageType);
                if (endpoints > 0 && message.Context.MessageId is { } id)
                {
                    await Eventually.HoldsAsync(() => _completions.Count(id) >= endpoints, $"{message.MessageType.Name} {id} to be handled", timeout: Patience);
                }
            }

            if (Harness.Published.Select<object>(Existing).Count() == skip + published.Count)
            {
                return;
            }

            skip += published.Count;
        }
    }

    private static int EndpointsConsuming(Type messageType) =>
        Consumers.Count(c => typeof(IConsumer<>).MakeGenericType(messageType).IsAssignableFrom(c));
}
