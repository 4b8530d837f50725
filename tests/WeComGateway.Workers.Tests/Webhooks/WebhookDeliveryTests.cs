using System.Text.Json;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeComGateway.Automation.Webhooks;
using WeComGateway.Contracts;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Webhooks;
using WeComGateway.Testing;
using WeComGateway.Workers.Hosting;
using WeComGateway.Workers.Tests.Customers.Support;
using WeComGateway.Workers.Tests.Support;
using WeComGateway.Workers.Webhooks;

namespace WeComGateway.Workers.Tests.Webhooks;

/// <summary>The webhook fan-out and delivery consumers on MassTransit's test harness, delivering to a local receiver.</summary>
public sealed class WebhookDeliveryTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_chosen_event_arrives_signed_the_Standard_Webhooks_way_and_one_not_chosen_does_not()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var gateway = await Gateway.StartAsync();
        var secret = await gateway.SubscribeAsync(receiver.Url, nameof(ExternalContactAdded));

        await gateway.PublishAsync(HalfAdded(gateway.CorpId));
        await gateway.PublishAsync(Added(gateway.CorpId, "wmCustomer1"));

        var request = await Eventually.ValueAsync(() => receiver.Requests.SingleOrDefault(), "the webhook delivered");
        Assert.True(StandardWebhookSigner.Verify(secret, request.Id, request.Timestamp, request.Signature, request.Body, DateTimeOffset.UtcNow));
        Assert.Matches("^msg_[0-9a-f]{32}$", request.Id);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(nameof(ExternalContactAdded), body.RootElement.GetProperty("type").GetString());
        Assert.Equal("wmCustomer1", body.RootElement.GetProperty("data").GetProperty("externalUserId").GetString());
        Assert.Equal(gateway.CorpId, body.RootElement.GetProperty("data").GetProperty("corpId").GetString());
        await Task.Delay(300);
        Assert.Single(receiver.Requests);
        Assert.DoesNotContain(secret, gateway.Logs(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_500_is_retried_with_the_same_webhook_id_and_a_fresh_signature()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var gateway = await Gateway.StartAsync();
        var secret = await gateway.SubscribeAsync(receiver.Url, nameof(ExternalContactAdded));
        receiver.Answer(500, 503);

        await gateway.PublishAsync(Added(gateway.CorpId, "wmCustomer1"));

        var requests = await Eventually.ValueAsync(() => receiver.Requests is { Count: 3 } all ? all : null, "three attempts");
        Assert.Single(requests.Select(r => r.Id).Distinct());
        Assert.All(requests, r => Assert.True(StandardWebhookSigner.Verify(secret, r.Id, r.Timestamp, r.Signature, r.Body, DateTimeOffset.UtcNow)));
        await Task.Delay(300);
        Assert.Empty(gateway.Harness.Published.Select<Fault<WebhookDelivery>>());
    }

    [Fact]
    public async Task A_410_is_not_retried_and_goes_to_the_error_queue()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var gateway = await Gateway.StartAsync();
        await gateway.SubscribeAsync(receiver.Url, nameof(ExternalContactAdded));
        receiver.Answer(410);

        await gateway.PublishAsync(Added(gateway.CorpId, "wmCustomer1"));

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        Assert.True(await gateway.Harness.Published.Any<Fault<WebhookDelivery>>(patience.Token));
        var fault = gateway.Harness.Published.Select<Fault<WebhookDelivery>>().Single().Context.Message;
        Assert.Contains("refused the delivery with 410", fault.Exceptions.Single().Message, StringComparison.Ordinal);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task The_Node_example_receiver_verifies_a_delivery_with_node_crypto_alone()
    {
        await using var gateway = await Gateway.StartAsync();
        var secret = StandardWebhookSigner.NewSecret();
        var example = Path.Combine(RepositoryRoot(), "contracts", "examples", "webhook-verifier");
        using var node = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("node", ["receiver.js", "--secret", secret, "--port", "0", "--count", "1"])
        {
            WorkingDirectory = example, RedirectStandardOutput = true, UseShellExecute = false,
        })!;
        try
        {
            var listening = await node.StandardOutput.ReadLineAsync();
            Assert.StartsWith("listening on http://127.0.0.1:", listening, StringComparison.Ordinal);
            await gateway.SubscribeWithSecretAsync(listening!["listening on ".Length..], secret, nameof(ExternalContactAdded));

            await gateway.PublishAsync(Added(gateway.CorpId, "wmCustomer1"));

            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var output = await node.StandardOutput.ReadToEndAsync(patience.Token);
            await node.WaitForExitAsync(patience.Token);
            Assert.Matches("^verified ExternalContactAdded msg_[0-9a-f]{32}", output);
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill();
            }
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "WeComGateway.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("WeComGateway.sln not found above the test binaries");
    }

    private static ExternalContactAdded Added(string corpId, string externalUserId) => new()
    {
        SuiteId = WorkerHarness.SuiteId, CorpId = corpId, UserId = "zhangsan", ExternalUserId = externalUserId,
        EventTime = At, ReceivedAt = At, DedupeKey = Guid.NewGuid().ToString("N"),
    };

    private static ExternalContactHalfAdded HalfAdded(string corpId) => new()
    {
        SuiteId = WorkerHarness.SuiteId, CorpId = corpId, UserId = "zhangsan", ExternalUserId = "wmHalf",
        EventTime = At, ReceivedAt = At, DedupeKey = Guid.NewGuid().ToString("N"),
    };

    /// <summary>The webhook consumers with in-memory stores, one granted corp, loopback http allowed, fast retries.</summary>
    private sealed class Gateway : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly ReceiveCompletions _completions = new();

        private Gateway(ServiceProvider services)
        {
            _services = services;
            Harness = services.GetRequiredService<ITestHarness>();
        }

        public string CorpId { get; } = Events.NewCorpId();

        public ITestHarness Harness { get; }

        public static async Task<Gateway> StartAsync()
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Webhooks:AllowInsecureLoopback"] = "true",
                ["Webhooks:CacheFor"] = "00:00:00",
                ["Workers:Retry:Limit"] = "2",
                ["Workers:Retry:MinInterval"] = "00:00:00.010",
                ["Workers:Retry:MaxInterval"] = "00:00:00.050",
                ["Workers:Retry:IntervalDelta"] = "00:00:00.010",
            }).Build();
            var services = new ServiceCollection();
            services.AddSingleton<IConfiguration>(configuration);
            services.AddLogging(l => l.SetMinimumLevel(LogLevel.Debug).AddFakeLogging());
            services.AddWebhookServices(configuration);
            services.AddMassTransitTestHarness(x =>
            {
                x.AddWebhookConsumers();
                x.AddWorkerEndpointDefaults();
            });
            var gateway = new Gateway(services.BuildServiceProvider(validateScopes: true));
            await gateway._services.GetRequiredService<IAuthorizationStore>().SaveAsync(
                new CorpAuthorization(gateway.CorpId, WorkerHarness.SuiteId, "permanent-code", "水果铺", At), CancellationToken.None);
            await gateway.Harness.Start();
            gateway.Harness.Bus.ConnectReceiveObserver(gateway._completions);
            return gateway;
        }

        /// <summary>A subscription as the admin API stores it; answers its secret.</summary>
        public Task<string> SubscribeAsync(string url, params string[] events) => SubscribeWithSecretAsync(url, StandardWebhookSigner.NewSecret(), events);

        public async Task<string> SubscribeWithSecretAsync(string url, string secret, params string[] events)
        {
            var result = await _services.GetRequiredService<IWebhookStore>().CreateAsync(
                CorpId, new WebhookSubscription { Id = WebhookIds.New(), Url = url, Events = events, CreatedBy = "test", CreatedAt = At }, secret, CancellationToken.None);
            Assert.Equal(WebhookCreateResult.Created, result);
            return secret;
        }

        /// <summary>Publishes as the receiver does and waits until the fan-out is done with it.</summary>
        public async Task PublishAsync<T>(T message)
            where T : class
        {
            var messageId = NewId.NextGuid();
            await Harness.Bus.Publish(message, context => context.MessageId = messageId);
            await Eventually.HoldsAsync(() => _completions.Count(messageId) >= 1, $"{typeof(T).Name} fanned out");
        }

        public string Logs() => string.Join('\n', _services.GetFakeLogCollector().GetSnapshot().Select(r => r.Message));

        public async ValueTask DisposeAsync()
        {
            await Harness.Stop();
            await _services.DisposeAsync();
        }
    }
}
