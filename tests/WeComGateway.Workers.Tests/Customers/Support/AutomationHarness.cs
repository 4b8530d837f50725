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
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.Workers.Customers;
using WeComGateway.Workers.Hosting;
using WeComGateway.Workers.Tags;
using WeComGateway.Workers.Welcome;

namespace WeComGateway.Workers.Tests.Customers.Support;

/// <summary>
/// The customer-automation consumers (tagging and lifecycle, welcome, tag-cache refresh) on MassTransit's test harness,
/// with in-memory stores, a fake clock, a fake WeCom and fast retries (3 retries, 10–50 ms), the same endpoint
/// defaults as the worker host. The corp <see cref="CorpId"/> is authorized for <see cref="SuiteId"/>. One per test.
/// </summary>
internal sealed class AutomationHarness : IAsyncDisposable
{
    public const string SuiteId = "wwsuite0000000001";

    /// <summary>Where the fake clock starts: a Monday, 10:00 in Shanghai.</summary>
    public static readonly DateTimeOffset MondayMorning = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>Makes the harness's message lists return what they hold instead of waiting for more.</summary>
    private static readonly CancellationToken Existing = new(canceled: true);

    private static readonly Type[] Consumers = [typeof(CustomerAutomationConsumer), typeof(WelcomeConsumer), typeof(CorpTagChangedConsumer), typeof(EmployeeDirectoryConsumer)];

    private readonly ServiceProvider _services;
    private readonly ReceiveCompletions _completions = new();

    private AutomationHarness(ServiceProvider services, FakeTimeProvider clock, FakeExternalContactApi weCom, RecordingAuthorizationStore authorizations)
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

    public FakeExternalContactApi WeCom { get; }

    /// <summary>The in-memory authorization store, with the lookups it answered.</summary>
    public RecordingAuthorizationStore Authorizations { get; }

    public ITestHarness Harness { get; }

    public ICustomerFactsStore FactsStore => _services.GetRequiredService<ICustomerFactsStore>();

    public IEmployeeNameStore EmployeeNames => _services.GetRequiredService<IEmployeeNameStore>();

    public FakeLogCollector Logs => _services.GetFakeLogCollector();

    /// <summary>For what tests read straight from the container (the meter factory, for metrics).</summary>
    public IServiceProvider Services => _services;

    /// <param name="configure">Runs before the automation services are added: what it registers wins (they use TryAdd).</param>
    public static async Task<AutomationHarness> StartAsync(Action<IServiceCollection, FakeTimeProvider>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Workers:Retry:Limit"] = "3",
            ["Workers:Retry:MinInterval"] = "00:00:00.010",
            ["Workers:Retry:MaxInterval"] = "00:00:00.050",
            ["Workers:Retry:IntervalDelta"] = "00:00:00.010",
            ["Automation:Reevaluation:Enabled"] = "false",
        }).Build();
        var clock = new FakeTimeProvider(MondayMorning);
        var weCom = new FakeExternalContactApi();
        var authorizations = new RecordingAuthorizationStore(new InMemoryAuthorizationStore());

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Debug).AddFakeLogging());
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<IAuthorizationStore>(authorizations); // AddGatewayStores below keeps it (TryAdd)
        services.AddSingleton<IWeComExternalContactApi>(weCom);
        configure?.Invoke(services, clock);
        services.AddGatewayStores(configuration); // no Redis: in memory, and no Gateway:SecretsKey needed
        services.AddCustomerAutomationServices(configuration);
        services.AddMassTransitTestHarness(x =>
        {
            x.AddCustomerAutomationConsumers();
            x.AddWorkerEndpointDefaults();
        });

        var harness = new AutomationHarness(services.BuildServiceProvider(validateScopes: true), clock, weCom, authorizations);
        await authorizations.SaveAsync(
            new CorpAuthorization(harness.CorpId, SuiteId, "perm-" + Guid.NewGuid().ToString("N"), "水果铺", MondayMorning.AddDays(-30)),
            CancellationToken.None);
        await harness.Harness.Start();
        harness.Harness.Bus.ConnectReceiveObserver(harness._completions);
        return harness;
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
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var published = Harness.Published.Select<T>(m => match(m.Context.Message), Existing).ToList();
            if (published.Count >= count)
            {
                foreach (var message in published)
                {
                    await WaitUntilDoneAsync(message.Context.MessageId!.Value, EndpointsConsuming<T>(), typeof(T).Name);
                }

                return [.. published.Select(m => m.Context.Message)];
            }

            await DelayAsync(timeout.Token, $"{count} {typeof(T).Name} were not published within {Patience.TotalSeconds} s");
        }
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

    /// <summary>Stores the corp's own rule set, as the admin API does.</summary>
    public Task UseRuleSetAsync(string json, string? corpId = null) =>
        _services.GetRequiredService<IRuleSetStore>().SetAsync(corpId ?? CorpId, json, CancellationToken.None);

    /// <summary>The scheduler as the host would run it, for calling <see cref="ReevaluationScheduler.RunOnceAsync"/> directly.</summary>
    public ReevaluationScheduler Scheduler() => ActivatorUtilities.CreateInstance<ReevaluationScheduler>(_services);

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _services.DisposeAsync();
    }

    private static int EndpointsConsuming<T>()
        where T : class => Consumers.Count(typeof(IConsumer<T>).IsAssignableFrom);

    private async Task WaitUntilDoneAsync(Guid messageId, int endpoints, string what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (_completions.Count(messageId) < endpoints)
        {
            await DelayAsync(timeout.Token, $"{what} {messageId} was not handled by {endpoints} endpoints within {Patience.TotalSeconds} s");
        }
    }

    private static async Task DelayAsync(CancellationToken timeout, string failure)
    {
        if (timeout.IsCancellationRequested)
        {
            throw new TimeoutException(failure);
        }

        await Task.Delay(10, CancellationToken.None);
    }
}
