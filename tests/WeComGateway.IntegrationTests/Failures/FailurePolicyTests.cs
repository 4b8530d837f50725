using System.Security.Cryptography;
using System.Text;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using WeComGateway.Contracts;
using WeComGateway.IntegrationTests.EndToEnd;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Tickets;
using WeComGateway.Testing;

namespace WeComGateway.IntegrationTests.Failures;

/// <summary>
/// What happens to a message whose consumer fails, on the real RabbitMQ: failures marked permanent
/// (<c>IPermanentFailure</c>) go straight to <c>_error</c>; every other one — transient, or a bug — is retried in
/// process, then redelivered later through TTL queues (no broker plugin), then dead-lettered — each time with the
/// reason, errcode, corp and attempt count in the headers.
/// </summary>
[Collection(RealServicesCollection.Name)]
public sealed class FailurePolicyTests
{
    [Fact]
    public async Task A_permanent_WeCom_error_skips_every_retry_and_lands_in_error_with_its_errcode_and_corp()
    {
        await using var setup = await Setup.StartAsync();
        await setup.WeCom.FailAlwaysAsync(WeComApis.MarkTag, 40068);

        await setup.PublishCustomerAddedAsync();

        var dead = await setup.WaitForErrorAsync("customer-automation");
        Assert.Equal("permanent", Header(dead, "wecomgw-fault-reason"));
        Assert.Equal("40068", Header(dead, "wecomgw-fault-errcode"));
        Assert.Equal("externalcontact/mark_tag", Header(dead, "wecomgw-fault-api"));
        Assert.Equal(setup.Suite.CorpId, Header(dead, "wecomgw-fault-corp-id"));
        Assert.Equal("1", Header(dead, "wecomgw-fault-attempts"));
        Assert.Contains("WeComApiException", Header(dead, "MT-Fault-ExceptionType"), StringComparison.Ordinal);
        Assert.Contains(setup.Customer, Encoding.UTF8.GetString(dead.Body.Span), StringComparison.Ordinal);
        Assert.Single(await setup.WeCom.CallsAsync(WeComApis.MarkTag));
    }

    [Fact]
    public async Task A_transient_failure_is_retried_redelivered_twice_through_TTL_queues_then_dead_lettered_with_the_count()
    {
        await using var setup = await Setup.StartAsync();
        await setup.WeCom.FailAlwaysAsync(WeComApis.MarkTag, -1); // WeCom busy, every time

        await setup.PublishCustomerAddedAsync();

        var dead = await setup.WaitForErrorAsync("customer-automation");
        Assert.Equal("retries_exhausted", Header(dead, "wecomgw-fault-reason"));
        Assert.Equal("-1", Header(dead, "wecomgw-fault-errcode"));
        Assert.Equal("2", Header(dead, "wecomgw-redelivery-count"));
        Assert.Equal("6", Header(dead, "wecomgw-fault-attempts")); // (1 try + 1 retry) × (1 delivery + 2 redeliveries)
        Assert.Equal(6, await setup.WeCom.CountAsync(WeComApis.MarkTag));
    }

    [Fact]
    public async Task An_unexpected_exception_is_a_bug_not_a_verdict_it_is_retried_redelivered_then_dead_lettered()
    {
        await using var setup = await Setup.StartAsync();

        // The customer store refuses this id with an ArgumentException: nobody marked it permanent, so it is retried.
        await setup.PublishCustomerAddedAsync(externalUserId: "not a valid id!");

        var dead = await setup.WaitForErrorAsync("customer-automation");
        Assert.Equal("retries_exhausted", Header(dead, "wecomgw-fault-reason"));
        Assert.Equal("2", Header(dead, "wecomgw-redelivery-count"));
        Assert.Equal("6", Header(dead, "wecomgw-fault-attempts")); // (1 try + 1 retry) × (1 delivery + 2 redeliveries)
        Assert.Contains("ArgumentException", Header(dead, "MT-Fault-ExceptionType"), StringComparison.Ordinal);
        Assert.Empty(await setup.WeCom.CallsAsync(WeComApis.MarkTag));
    }

    [Fact]
    public async Task A_transient_failure_that_clears_before_the_redelivery_is_consumed_once_and_never_dead_lettered()
    {
        await using var setup = await Setup.StartAsync();
        await setup.WeCom.FailAlwaysAsync(WeComApis.MarkTag, -1);

        await setup.PublishCustomerAddedAsync();
        await setup.MarkTagsAsync(2); // first delivery used up
        await setup.WeCom.HealAsync(WeComApis.MarkTag);
        var calls = await setup.MarkTagsAsync(3);
        Assert.Equal([-1, -1, 0], calls.Select(c => c.Errcode)); // the first redelivery went through

        // A marker behind it on the same path: another customer's add, failing twice, so it is parked for a redelivery
        // too. Once it went through, any second redelivery of the first message (parked before it) has come back.
        await setup.WeCom.FailAsync(WeComApis.MarkTag, -1, times: 2);
        var marker = EventXml.NewId("wo");
        await setup.PublishCustomerAddedAsync(externalUserId: marker);
        await Eventually.HoldsAsync(
            async () => (await setup.WeCom.CallsAsync(WeComApis.MarkTag)).Any(c => c.Errcode == 0 && c.Json()["external_userid"]?.ToString() == marker),
            "the marker to be redelivered and tagged",
            setup.Explain);

        Assert.Equal(3, (await setup.WeCom.CallsAsync(WeComApis.MarkTag)).Count(c => c.Json()["external_userid"]?.ToString() == setup.Customer));
        Assert.Null(await setup.TryGetErrorAsync("customer-automation"));
    }

    private static string? Header(BasicGetResult message, string name) =>
        message.BasicProperties.Headers?.TryGetValue(name, out var value) == true
            ? value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                null => null,
                _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
            }
            : null;

    private sealed class Setup : IAsyncDisposable
    {
        private Setup(TestSuite suite, WeComEmulator weCom, WorkerProcess worker)
        {
            Suite = suite;
            WeCom = weCom;
            Worker = worker;
        }

        public TestSuite Suite { get; }

        public WeComEmulator WeCom { get; }

        public WorkerProcess Worker { get; }

        public string Customer { get; } = EventXml.NewId("wo");

        public static async Task<Setup> StartAsync()
        {
            var suite = TestSuite.Fresh();
            var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
            var settings = RealServices.Settings(suite, extra:
            [
                ("WeCom:Suites:0:SuiteSecret", "suite-secret"),
                ("WeCom:ApiBaseUrl", weCom.ApiBaseUrl),
                ("WeCom:Api:MaxRetryAttempts", "0"),
                ("Gateway:SecretsKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
                ("Automation:Reevaluation:Enabled", "false"),
                ("Workers:Retry:Limit", "1"),
                ("Workers:Retry:MinInterval", "00:00:00.050"),
                ("Workers:Retry:MaxInterval", "00:00:00.100"),
                ("Workers:Retry:IntervalDelta", "00:00:00.010"),
                ("Workers:Redelivery:Intervals:0", "00:00:01"),
                ("Workers:Redelivery:Intervals:1", "00:00:01"),
                WorkerProcess.PrefixSetting(out _),
            ]).ToList();
            var worker = await WorkerProcess.StartAsync(settings);
            var now = DateTimeOffset.UtcNow;
            var permanentCode = await weCom.AuthorizeAsync(suite.CorpId, "水果铺");
            await worker.Services.GetRequiredService<IAuthorizationStore>().SaveAsync(
                new CorpAuthorization(suite.CorpId, suite.SuiteId, permanentCode, "水果铺", now), default);
            await worker.Services.GetRequiredService<ISuiteTicketStore>().SaveAsync(suite.SuiteId, new SuiteTicket("ticket-failures", now, now), default);
            return new Setup(suite, weCom, worker);
        }

        public Task PublishCustomerAddedAsync(string? externalUserId = null) => Worker.Services.GetRequiredService<IBus>().Publish(new ExternalContactAdded
        {
            SuiteId = Suite.SuiteId,
            CorpId = Suite.CorpId,
            EventTime = DateTimeOffset.UtcNow,
            ReceivedAt = DateTimeOffset.UtcNow,
            DedupeKey = RandomNumberGenerator.GetHexString(64, lowercase: true),
            UserId = "zhangsan",
            ExternalUserId = externalUserId ?? Customer,
            State = "poster-42",
        });

        /// <summary>Waits until WeCom has seen <paramref name="count"/> mark_tag calls, and returns them.</summary>
        public Task<IReadOnlyList<EmulatorCall>> MarkTagsAsync(int count) =>
            Eventually.ValueAsync(
                async () => await WeCom.CallsAsync(WeComApis.MarkTag) is { } calls && calls.Count >= count ? calls : null,
                $"{count} mark_tag calls",
                Explain);

        public Task<BasicGetResult> WaitForErrorAsync(string queue) =>
            Eventually.ValueAsync(() => TryGetErrorAsync(queue), $"a message in {Worker.QueuePrefix}-{queue}_error", Explain, TimeSpan.FromSeconds(60));

        public async Task<string> Explain() => $"{await WeCom.DescribeCallsAsync()}\n{Worker.LogText()}";

        /// <summary>Takes the first message of the queue's <c>_error</c> twin (acknowledged: the test owns it).</summary>
        public async Task<BasicGetResult?> TryGetErrorAsync(string queue)
        {
            await using var connection = await new ConnectionFactory { Uri = new Uri(RealServices.RabbitMq) }.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                return await channel.BasicGetAsync($"{Worker.QueuePrefix}-{queue}_error", autoAck: true);
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                return null; // not declared yet
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Worker.DisposeAsync();
            await WeCom.DisposeAsync();
        }
    }
}
