using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using WeComGateway.Automation;
using WeComGateway.Storage;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Customers;
using WeComGateway.Testing;
using WeComGateway.Workers.Backfill;
using WeComGateway.Workers.Customers;
using WeComGateway.Workers.Hosting;
using WeComGateway.Workers.Tags;
using WeComGateway.Workers.Tests.Support;
using WeComGateway.Workers.Welcome;

namespace WeComGateway.Workers.Tests.Customers.Support;

/// <summary>
/// The customer-automation consumers (tagging and lifecycle, welcome, tag-cache refresh) and the existing-customer
/// backfill on MassTransit's test harness,
/// with in-memory stores, a fake clock, WeCom played by the in-process emulator on the same clock, and fast retries
/// (3 retries, 10–50 ms), the same endpoint defaults as the worker host. The corp <see cref="CorpId"/> has installed
/// the app for <see cref="SuiteId"/> (at WeCom and in the authorization store). One per test.
/// </summary>
internal sealed class AutomationHarness : IAsyncDisposable
{
    public const string SuiteId = "wwsuite0000000001";

    /// <summary>Where the fake clock starts: a Monday, 10:00 in Shanghai.</summary>
    public static readonly DateTimeOffset MondayMorning = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>Makes the harness's message lists return what they hold instead of waiting for more.</summary>
    private static readonly CancellationToken Existing = new(canceled: true);

    private static readonly Type[] Consumers =
        [typeof(CustomerAutomationConsumer), typeof(WelcomeConsumer), typeof(CorpTagChangedConsumer), typeof(EmployeeDirectoryConsumer), typeof(CustomerBackfillConsumer)];

    private readonly ServiceProvider _services;
    private readonly ReceiveCompletions _completions = new();

    private AutomationHarness(ServiceProvider services, FakeTimeProvider clock, WeComEmulator weCom, IAuthorizationStore authorizations)
    {
        _services = services;
        Clock = clock;
        WeCom = weCom;
        Authorizations = authorizations;
        Harness = services.GetRequiredService<ITestHarness>();
    }

    /// <summary>An authorized corp, unique per harness.</summary>
    public string CorpId { get; } = "ww" + Guid.NewGuid().ToString("N")[..16];

    public FakeTimeProvider Clock { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>WeCom: steer it (console tags, failures, customer names) and read what it was asked.</summary>
    public WeComEmulator WeCom { get; }

    /// <summary>The in-memory authorization store (the grants of the corps the other in-memory stores keep data of).</summary>
    public IAuthorizationStore Authorizations { get; }

    public ITestHarness Harness { get; }

    public ICustomerFactsStore FactsStore => _services.GetRequiredService<ICustomerFactsStore>();

    public ICustomerBackfillStore Backfills => _services.GetRequiredService<ICustomerBackfillStore>();

    public IEmployeeNameStore EmployeeNames => _services.GetRequiredService<IEmployeeNameStore>();

    public FakeLogCollector Logs => _services.GetFakeLogCollector();

    /// <summary>For what tests read straight from the container (the meter factory, for metrics).</summary>
    public IServiceProvider Services => _services;

    /// <param name="configure">Runs before the automation services are added: what it registers wins (they use TryAdd).</param>
    /// <param name="weComOptions">How WeCom behaves (its clock is always the harness's).</param>
    public static async Task<AutomationHarness> StartAsync(Action<IServiceCollection, FakeTimeProvider>? configure = null, WeComEmulatorOptions? weComOptions = null)
    {
        var clock = new FakeTimeProvider(MondayMorning);
        var weCom = await WeComEmulator.StartAsync((weComOptions ?? new WeComEmulatorOptions()) with { Time = clock });
        var settings = EmulatedWeCom.Settings(weCom, SuiteId);
        settings["Automation:Reevaluation:Enabled"] = "false";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Debug).AddFakeLogging());
        services.AddSingleton<TimeProvider>(clock);
        configure?.Invoke(services, clock);
        services.AddEmulatedWeCom(configuration, weCom); // the stores (in memory: no Redis, no Gateway:SecretsKey), the API clients, tokens
        services.AddCustomerAutomationServices(configuration);
        services.AddCustomerBackfillServices(configuration);
        services.AddMassTransitTestHarness(x =>
        {
            x.AddCustomerAutomationConsumers();
            x.AddCustomerBackfillConsumers();
            x.AddWorkerEndpointDefaults();
        });

        var provider = services.BuildServiceProvider(validateScopes: true);
        var authorizations = provider.GetRequiredService<IAuthorizationStore>();
        var harness = new AutomationHarness(provider, clock, weCom, authorizations);
        var permanentCode = await weCom.AuthorizeAsync(harness.CorpId, "水果铺");
        await authorizations.SaveAsync(new CorpAuthorization(harness.CorpId, SuiteId, permanentCode, "水果铺", MondayMorning.AddDays(-30)), CancellationToken.None);
        await harness._services.PushSuiteTicketAsync(SuiteId, MondayMorning);
        await harness.Harness.Start();
        harness.Harness.Bus.ConnectReceiveObserver(harness._completions);
        return harness;
    }

    /// <summary>Moves the clock (WeCom's too) and, as WeCom does every ten minutes, pushes a fresh suite_ticket.</summary>
    public Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        return _services.PushSuiteTicketAsync(SuiteId, Now);
    }

    /// <summary>
    /// Publishes and waits until every endpoint that consumes <typeparamref name="T"/> is done with it (consumers,
    /// retries, outbox publishes). Returns how a consumer finally failed (<c>ExceptionType: message</c>), else null.
    /// </summary>
    public async Task<string?> DeliverAsync<T>(T message)
        where T : class
    {
        var messageId = NewId.NextGuid();
        await Harness.Bus.Publish(message, context => context.MessageId = messageId);
        await WaitUntilDoneAsync(messageId, EndpointsConsuming<T>(), typeof(T).Name);
        var faults = Published<Fault<T>>(f => f.FaultedMessageId == messageId);
        return faults.Count == 0
            ? null
            : string.Join("; ", faults.SelectMany(f => f.Exceptions).Select(e => $"{e.ExceptionType}: {e.Message}"));
    }

    /// <summary>Waits until the bus has carried (and its consumers have finished) <paramref name="count"/> messages matching <paramref name="match"/>.</summary>
    public async Task<IReadOnlyList<T>> WaitForPublishedAsync<T>(Func<T, bool> match, int count = 1)
        where T : class
    {
        var published = await Eventually.ValueAsync(
            () => Harness.Published.Select<T>(m => match(m.Context.Message), Existing).ToList() is { } found && found.Count >= count ? found : null,
            $"{count} {typeof(T).Name} to be published",
            timeout: Patience);
        foreach (var message in published)
        {
            await WaitUntilDoneAsync(message.Context.MessageId!.Value, EndpointsConsuming<T>(), typeof(T).Name);
        }

        return [.. published.Select(m => m.Context.Message)];
    }

    /// <summary>What was published so far (never waits).</summary>
    public IReadOnlyList<T> Published<T>(Func<T, bool>? match = null)
        where T : class =>
        [.. Harness.Published.Select<T>(m => match?.Invoke(m.Context.Message) ?? true, Existing).Select(m => m.Context.Message)];

    /// <summary>The customer's stored facts (of <see cref="CorpId"/> unless said otherwise), or null.</summary>
    public async Task<CustomerFacts?> FactsAsync(string externalUserId, string? corpId = null) =>
        await StoredAsync(externalUserId, corpId) is { Version: > 0 } stored ? stored.Facts : null;

    /// <summary>The customer's stored document as the workers read it: facts, pending effects, version (0: nothing stored).</summary>
    public Task<StoredCustomer> StoredAsync(string externalUserId, string? corpId = null) =>
        _services.GetRequiredService<CustomerFactsRepository>().GetAsync(corpId ?? CorpId, externalUserId, CancellationToken.None);

    /// <summary>Stores facts as a worker would have (version 0 → 1), for a customer the test does not add through events.</summary>
    public async Task SeedFactsAsync(CustomerFacts facts, DateTimeOffset? dueAt = null) =>
        Assert.True(await FactsStore.TryWriteAsync(facts.CorpId, facts.ExternalUserId, 0, CustomerFactsRepository.Serialize(facts, []), dueAt, CancellationToken.None));

    /// <summary>Stores the corp's own rule set, as the admin API does.</summary>
    public Task UseRuleSetAsync(string json, string? corpId = null) =>
        _services.GetRequiredService<IRuleSetStore>().SetAsync(corpId ?? CorpId, json, CancellationToken.None);

    /// <summary>The scheduler as the host would run it, for calling <see cref="ReevaluationScheduler.RunOnceAsync"/> directly.</summary>
    public ReevaluationScheduler Scheduler() => ActivatorUtilities.CreateInstance<ReevaluationScheduler>(_services);

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _services.DisposeAsync();
        await WeCom.DisposeAsync();
    }

    private static int EndpointsConsuming<T>()
        where T : class => Consumers.Count(typeof(IConsumer<T>).IsAssignableFrom);

    private Task WaitUntilDoneAsync(Guid messageId, int endpoints, string what) =>
        Eventually.HoldsAsync(
            () => _completions.Count(messageId) >= endpoints,
            $"{what} {messageId} to be handled by {endpoints} endpoints",
            timeout: Patience);
}
