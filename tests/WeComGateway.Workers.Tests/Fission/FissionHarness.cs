using System.Diagnostics.Metrics;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using WeComGateway.Contracts;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Customers;
using WeComGateway.Storage.Fission;
using WeComGateway.Testing;
using WeComGateway.Workers.Customers;
using WeComGateway.Workers.Diagnostics;
using WeComGateway.Workers.Fission;
using WeComGateway.Workers.Hosting;
using WeComGateway.Workers.Tests.Customers.Support;

namespace WeComGateway.Workers.Tests.Fission;

/// <summary>
/// The fission consumer on MassTransit's test harness with the in-memory stores (the embedded default), a fake clock
/// and the worker endpoint defaults (fast retries). The corp <see cref="CorpId"/> installed the app; no WeCom call is
/// made by crediting. <see cref="GoalPublishesFail"/> makes every publish of <see cref="FissionGoalReached"/> throw,
/// as a broker that refuses it would. One per test.
/// </summary>
internal sealed class FissionHarness : IAsyncDisposable
{
    public const string SuiteId = AutomationHarness.SuiteId;
    public const string Employee = CustomerEvents.Employee;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static readonly CancellationToken Existing = new(canceled: true);

    private readonly ServiceProvider _services;
    private readonly ReceiveCompletions _completions = new();
    private readonly PublishRecorder _published = new();
    private readonly MetricCollector<long> _events;

    private FissionHarness(ServiceProvider services, FakeTimeProvider clock)
    {
        _services = services;
        Clock = clock;
        Harness = services.GetRequiredService<ITestHarness>();
        _events = new MetricCollector<long>(services.GetRequiredService<IMeterFactory>(), WorkerMetrics.MeterName, "wecomgw.fission.events");
    }

    public string CorpId { get; } = "ww" + Guid.NewGuid().ToString("N")[..16];

    public FakeTimeProvider Clock { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    public ITestHarness Harness { get; }

    public IFissionStore Store => _services.GetRequiredService<IFissionStore>();

    public IAuthorizationStore Authorizations => _services.GetRequiredService<IAuthorizationStore>();

    public FakeLogCollector Logs => _services.GetFakeLogCollector();

    /// <summary>While true, publishing <see cref="FissionGoalReached"/> throws (the broker refuses it).</summary>
    public bool GoalPublishesFail { get; set; }

    public static async Task<FissionHarness> StartAsync()
    {
        var clock = new FakeTimeProvider(AutomationHarness.MondayMorning);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Workers:Retry:Limit"] = "3",
            ["Workers:Retry:MinInterval"] = "00:00:00.010",
            ["Workers:Retry:MaxInterval"] = "00:00:00.050",
            ["Workers:Retry:IntervalDelta"] = "00:00:00.010",
        }).Build();

        FissionHarness? harness = null;
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Debug).AddFakeLogging());
        services.AddSingleton<TimeProvider>(clock);
        services.AddFissionServices(configuration);
        services.AddMassTransitTestHarness(x =>
        {
            x.AddFissionConsumers();
            x.AddWorkerEndpointDefaults();
            x.UsingInMemory((context, bus) =>
            {
                bus.ConfigurePublish(p => p.UseExecute(publish =>
                {
                    if (publish is PublishContext<FissionGoalReached> && harness!.GoalPublishesFail)
                    {
                        throw new InvalidOperationException("The broker refused FissionGoalReached (test).");
                    }
                }));
                bus.ConfigureEndpoints(context);
            });
        });

        var provider = services.BuildServiceProvider(validateScopes: true);
        harness = new FissionHarness(provider, clock);
        await harness.Authorizations.SaveAsync(new CorpAuthorization(harness.CorpId, SuiteId, "permanent-code", "水果铺", clock.GetUtcNow().AddDays(-30)), CancellationToken.None);
        await harness.Harness.Start();
        harness.Harness.Bus.ConnectReceiveObserver(harness._completions);
        harness.Harness.Bus.ConnectPublishObserver(harness._published);
        return harness;
    }

    /// <summary>
    /// A campaign of the corp as the admin API stores it: states <c>fis-…</c>, one employee (<see cref="Employee"/>),
    /// running from an hour ago for a week unless told otherwise.
    /// </summary>
    public async Task<FissionCampaign> CreateCampaignAsync(
        int goal = 2, TimeSpan? deleteWindow = null, DateTimeOffset? startsAt = null, DateTimeOffset? endsAt = null, string id = "spring", string prefix = "fis-")
    {
        var campaign = new FissionCampaign(
            id, "春季裂变", prefix, goal, "礼盒一份", [Employee], startsAt ?? Now.AddHours(-1), endsAt ?? Now.AddDays(7), deleteWindow ?? TimeSpan.FromMinutes(30), Now);
        Assert.Equal(FissionCampaignCreateResult.Created, await Store.CreateCampaignAsync(CorpId, campaign, CancellationToken.None));
        return campaign;
    }

    /// <summary>Registers (or gives an invited customer) a state, as the admin API does before the poster; returns it.</summary>
    public async Task<string> JoinAsync(string externalUserId, string campaignId = "spring", string prefix = "fis-")
    {
        var join = await Store.JoinAsync(CorpId, campaignId, externalUserId, prefix + externalUserId[^6..].ToLowerInvariant(), Now, CancellationToken.None);
        Assert.Equal(FissionJoinResult.Joined, join.Result);
        return join.Participant!.State!;
    }

    public async Task<FissionParticipant> ParticipantAsync(string externalUserId, string campaignId = "spring") =>
        await Store.GetParticipantAsync(CorpId, campaignId, externalUserId, CancellationToken.None)
            ?? throw new Xunit.Sdk.XunitException($"{externalUserId} is no participant of {campaignId}.");

    public ExternalContactAdded Added(string customer, string? state, DateTimeOffset at, string userId = Employee) =>
        CustomerEvents.Added(CorpId, customer, at, state: state, userId: userId);

    public ExternalContactDeletedByCustomer Deleted(string customer, DateTimeOffset at, string userId = Employee) =>
        CustomerEvents.DeletedByCustomer(CorpId, customer, at, userId);

    /// <summary>Stores the customer facts a worker keeps (the backfill seeds <c>addedAt</c> for customers older than the gateway).</summary>
    public async Task SeedFactsAsync(string customer, DateTimeOffset addedAt) =>
        Assert.True(await _services.GetRequiredService<ICustomerFactsStore>().TryWriteAsync(
            CorpId, customer, 0, CustomerFactsRepository.Serialize(new Automation.CustomerFacts { CorpId = CorpId, ExternalUserId = customer, AddedAt = addedAt }, []), null, CancellationToken.None));

    /// <summary>Publishes and waits until the fission endpoint is done with it (retries and fault included); the faults, if any.</summary>
    public async Task<string?> DeliverAsync<T>(T message)
        where T : class
    {
        var messageId = NewId.NextGuid();
        await Harness.Bus.Publish(message, context => context.MessageId = messageId);
        await Eventually.HoldsAsync(() => _completions.Count(messageId) >= 1, $"{typeof(T).Name} to be handled", timeout: Patience);
        var faults = Harness.Published.Select<Fault<T>>(f => f.Context.Message.FaultedMessageId == messageId, Existing).Select(f => f.Context.Message).ToList();
        return faults.Count == 0 ? null : string.Join("; ", faults.SelectMany(f => f.Exceptions).Select(e => $"{e.ExceptionType}: {e.Message}"));
    }

    /// <summary>What went out to the broker, repeats included (a publish the broker refused is not in it).</summary>
    public IReadOnlyList<T> Published<T>(Func<T, bool>? match = null)
        where T : class =>
        [.. PublishedWithIds(match).Select(m => m.Message)];

    /// <summary>What went out, with the message ids subscribers deduplicate by.</summary>
    public IReadOnlyList<(T Message, Guid? MessageId)> PublishedWithIds<T>(Func<T, bool>? match = null)
        where T : class =>
        [.. _published.Of<T>().Where(m => match?.Invoke(m.Message) ?? true)];

    /// <summary>The outcomes counted in <c>wecomgw.fission.events</c> for <paramref name="kind"/>, in order.</summary>
    public IReadOnlyList<string> Outcomes(string kind) =>
        [.. _events.GetMeasurementSnapshot()
            .Where(m => Equals(m.Tags["kind"], kind))
            .Select(m => (string)m.Tags["outcome"]!)];

    public async ValueTask DisposeAsync()
    {
        _events.Dispose();
        await Harness.Stop();
        await _services.DisposeAsync();
    }
}
