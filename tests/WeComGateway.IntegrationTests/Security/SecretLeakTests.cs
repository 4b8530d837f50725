using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using WeComGateway.Contracts;
using WeComGateway.IntegrationTests.EndToEnd;
using WeComGateway.Storage.Secrets;
using WeComGateway.Testing;
using Xunit.Abstractions;

namespace WeComGateway.IntegrationTests.Security;

/// <summary>
/// The promise of docs/observability.md ("Secrets"): no secret, token, code, ticket or key leaves the gateway through
/// what operators and other teams read. The receiver and the worker host run the whole life of an install on the real
/// RabbitMQ and Redis with WeCom emulated, every log category at Debug and OTLP export to a local collector; then every
/// log line, OTLP body, <c>/metrics</c> scrape, bus message and <c>_error</c> message is searched for every secret value.
/// </summary>
[Collection(RealServicesCollection.Name)]
public sealed partial class SecretLeakTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task No_secret_token_code_ticket_or_key_reaches_logs_traces_metrics_bus_messages_or_error_queues()
    {
        var suite = TestSuite.Fresh();
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["suite secret"] = Distinctive("SUITESECRET"),
            ["provider secret"] = Distinctive("PROVIDERSECRET"),
            ["admin API key"] = Distinctive("ADMINKEY"),
            ["suite ticket"] = Distinctive("TICKET"),
            ["auth code"] = Distinctive("AUTHCODE"),
            ["permanent code"] = Distinctive("PERMCODE"),
            ["welcome code"] = Distinctive("WELCOME"),
            ["welcome code (dead-lettered customer)"] = Distinctive("WELCOME"),
            ["callback token"] = suite.Token,
            ["EncodingAESKey"] = suite.EncodingAesKey,
        };
        await using var collector = await OtlpCollector.StartAsync();
        await using var wecom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await wecom.IssueAuthCodeAsync(suite.CorpId, "水果铺", secrets["permanent code"], secrets["auth code"]);
        var settings = RealServices.Settings(suite, extra:
        [
            ("WeCom:Suites:0:SuiteSecret", secrets["suite secret"]),
            ("WeCom:ProviderSecret", secrets["provider secret"]),
            ("WeCom:ApiBaseUrl", wecom.ApiBaseUrl),
            ("Admin:ApiKeys:0", secrets["admin API key"]),
            .. DebugEverywhere,
            .. collector.Settings(),
        ]).ToList();
        await using var subscriber = await PlainSubscriber.BindAsync(
            MessageCatalogue.Published.Select(MessageCatalogue.ExchangeOf).Append("MassTransit:Fault"));
        await subscriber.StartConsumingAsync();

        var receiver = new GatewayApplication(settings);
        var worker = new WorkerApplication(settings);
        var receiverLogs = receiver.Logs;
        var workerLogs = worker.Services.GetFakeLogCollector();
        secrets["Gateway:SecretsKey"] = worker.Services.GetRequiredService<IConfiguration>()[SecretsOptions.KeySetting]!;
        var prefix = worker.Services.GetRequiredService<IConfiguration>()["Workers:QueuePrefix"]!;
        var evidence = new List<Evidence>();
        try
        {
            // Whatever the workers send to their own endpoints (parking, scheduled steps) passes these exchanges.
            await subscriber.AlsoBindAsync(await WorkerProcess.NamesAsync("exchanges", prefix));

            // Install: the ticket, then the auth code exchanged for the permanent code (tokens fetched on the way).
            Assert.Equal("success", await WorkerProcess.AnswerAsync(receiver, suite, EventXml.SuiteTicket(suite, secrets["suite ticket"])));
            Assert.Equal("success", await WorkerProcess.AnswerAsync(receiver, suite, EventXml.CreateAuth(suite, secrets["auth code"])));
            await subscriber.WaitForAsync(m => m.Exchange == MessageCatalogue.ExchangeOf<CorpAuthorized>(), 1, Wait);

            // A customer added with a welcome code: welcomed and tagged.
            var customer = EventXml.NewId("wo");
            await wecom.NameCustomerAsync(suite.CorpId, customer, "李雷");
            Assert.Equal("success", await WorkerProcess.AnswerAsync(receiver, suite, EventXml.ContactAdded(suite, customer, "poster-42", secrets["welcome code"])));
            await subscriber.WaitForAsync(m => m.Exchange == MessageCatalogue.ExchangeOf<WelcomeMessageSent>(), 1, Wait);
            await Eventually.HoldsAsync(async () => await wecom.CountAsync(WeComApis.MarkTag) > 0, "the customer to be tagged", timeout: Wait);

            // Another customer whom WeCom refuses to tag for good: the event lands in an _error queue.
            await wecom.FailAlwaysAsync(WeComApis.MarkTag, 40068);
            Assert.Equal("success", await WorkerProcess.AnswerAsync(receiver, suite, EventXml.ContactAdded(suite, EventXml.NewId("wo"), "poster-42", secrets["welcome code (dead-lettered customer)"])));
            var deadLetters = await Eventually.ValueAsync(
                async () => await ErrorQueueMessagesAsync(prefix) is { Count: > 0 } found ? found : null,
                "the refused customer in an _error queue",
                Eventually.Say(() => worker.LogText()),
                Wait);

            // The tokens the gateway holds (the emulator hands out the current ones), before the uninstall.
            secrets["suite access token"] = await wecom.SuiteTokenAsync(suite.SuiteId);
            secrets["corp access token"] = await wecom.CorpTokenAsync(suite.CorpId);

            Assert.Equal("success", await WorkerProcess.AnswerAsync(receiver, suite, EventXml.CancelAuth(suite)));
            await subscriber.WaitForAsync(m => m.Exchange == MessageCatalogue.ExchangeOf<CorpDeauthorized>(), 1, Wait);
            await subscriber.SettleAsync();

            evidence.AddRange(deadLetters);
            evidence.Add(new("metrics", "receiver /metrics", await receiver.CreateClient().GetStringAsync("/metrics")));
            evidence.Add(new("metrics", "workers /metrics", await worker.CreateClient().GetStringAsync("/metrics")));
        }
        finally
        {
            await worker.DisposeAsync(); // flushes its OTLP exporters
            await receiver.DisposeAsync();
        }

        evidence.AddRange(receiverLogs.GetSnapshot().Select(r => LogEvidence("receiver", r)));
        evidence.AddRange(workerLogs.GetSnapshot().Select(r => LogEvidence("workers", r)));
        evidence.AddRange(collector.Exports.Select((e, i) => new Evidence($"otlp {e.Signal}", $"export #{i}", Encoding.Latin1.GetString(e.Body))));
        evidence.AddRange(subscriber.RawMessages.Select(m => new Evidence("bus", m.Exchange, BusText(m))));

        AssertEveryChannelWasWatched(evidence, suite);
        var leaks = (from secret in secrets
                     from item in evidence
                     let at = item.Text.IndexOf(secret.Value, StringComparison.Ordinal)
                     where at >= 0
                     group (item, at) by (secret.Key, item.Channel) into found
                     let first = found.First()
                     select $"{found.Key.Key} in {found.Key.Channel}, {found.Count()} time(s), first in {first.item.Where}: "
                         + $"…{Excerpt(first.item.Text, first.at, secrets[found.Key.Key].Length)}…").ToList();
        output.WriteLine($"searched {evidence.Count} items ({string.Join(", ", evidence.GroupBy(e => e.Channel).Select(g => $"{g.Key}: {g.Count()}"))}) for {secrets.Count} secrets");
        Assert.True(leaks.Count == 0, "secrets leaked:\n" + string.Join('\n', leaks));
    }

    /// <summary>One thing someone could read: where it was found and its text.</summary>
    private sealed record Evidence(string Channel, string Where, string Text);

    /// <summary>Every category at Debug, the framework's and MassTransit's too (appsettings.json raise them to Warning).</summary>
    private static readonly (string Key, string? Value)[] DebugEverywhere =
    [
        ("Logging:LogLevel:Default", "Debug"),
        ("Logging:LogLevel:Microsoft", "Debug"),
        ("Logging:LogLevel:Microsoft.AspNetCore", "Debug"),
        ("Logging:LogLevel:MassTransit", "Debug"),
        ("Logging:LogLevel:System", "Debug"),
        ("Logging:LogLevel:System.Net.Http.HttpClient", "Debug"),
        ("Logging:Console:LogLevel:Default", "None"), // the same lines again on the test's output, unread
    ];

    /// <summary>A value that cannot turn up anywhere by chance, named so a leak says what it is.</summary>
    private static string Distinctive(string what) => $"{what}-{RandomNumberGenerator.GetHexString(24)}";

    private static async Task<List<Evidence>> ErrorQueueMessagesAsync(string prefix)
    {
        var found = new List<Evidence>();
        foreach (var queue in (await WorkerProcess.NamesAsync("queues", prefix)).Where(q => q.EndsWith("_error", StringComparison.Ordinal)))
        {
            found.AddRange((await PlainSubscriber.PeekAsync(queue)).Select(m => new Evidence("_error", queue, BusText(m))));
        }

        return found;
    }

    /// <summary>
    /// A message's headers and body. The auth code and the welcome code travel on purpose in the contract fields that
    /// carry them (<c>authCode</c>, <c>welcomeCode</c>: contracts/README.md), so those fields are blanked; anywhere else
    /// — another field, a header, a fault's text — they are a leak.
    /// </summary>
    private static string BusText(PlainSubscriber.RawMessage message) =>
        string.Join('\n', message.Headers.Select(h => $"{h.Key}: {h.Value}"))
        + "\n" + CarrierField().Replace(message.Body, "\"$1\":\"(carried)\"");

    [GeneratedRegex("""
        "(authCode|welcomeCode)":\s*"[^"]*"
        """)]
    private static partial Regex CarrierField();

    private static Evidence LogEvidence(string host, FakeLogRecord record) => new(
        $"{host} log",
        $"{record.Level} {record.Category}",
        string.Join('\n',
            record.Message,
            string.Join(' ', record.StructuredState?.Select(s => $"{s.Key}={s.Value}") ?? []),
            string.Join(' ', record.Scopes.Select(ScopeText)),
            record.Exception?.ToString() ?? string.Empty));

    private static string ScopeText(object? scope) => scope switch
    {
        IEnumerable<KeyValuePair<string, object?>> pairs => string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}")),
        _ => scope?.ToString() ?? string.Empty,
    };

    /// <summary>A search of nothing finds nothing: each channel must have carried the flow, at the level it claims.</summary>
    private static void AssertEveryChannelWasWatched(List<Evidence> evidence, TestSuite suite)
    {
        bool Has(string channel, Func<Evidence, bool> match) => evidence.Any(e => e.Channel == channel && match(e));
        Assert.True(Has("receiver log", e => e.Where.StartsWith("Debug Microsoft.AspNetCore", StringComparison.Ordinal)), "no Debug line from ASP.NET Core in the receiver");
        Assert.True(Has("workers log", e => e.Where.StartsWith("Debug MassTransit", StringComparison.Ordinal)), "no Debug line from MassTransit in the workers");
        Assert.True(Has("workers log", e => e.Where.Contains("System.Net.Http", StringComparison.Ordinal)), "no HttpClient log line in the workers");
        Assert.True(Has("otlp traces", e => e.Text.Contains(suite.CorpId, StringComparison.Ordinal)), "no exported span names the corp");
        Assert.True(Has("otlp logs", e => e.Text.Contains(suite.CorpId, StringComparison.Ordinal)), "no exported log record names the corp");
        Assert.True(Has("otlp metrics", e => e.Text.Contains("wecomgw", StringComparison.Ordinal)), "no gateway metric exported");
        Assert.True(Has("metrics", e => e.Text.Contains("wecomgw_", StringComparison.Ordinal)), "no gateway metric scraped");
        Assert.True(Has("bus", e => e.Where == MessageCatalogue.ExchangeOf<AuthorizationCreated>() && e.Text.Contains("\"authCode\":\"(carried)\"", StringComparison.Ordinal)), "AuthorizationCreated not seen");
        Assert.True(Has("bus", e => e.Where == MessageCatalogue.ExchangeOf<ExternalContactAdded>()), "ExternalContactAdded not seen");
        Assert.True(Has("_error", e => e.Text.Contains("MT-Fault-Message", StringComparison.Ordinal)), "no dead letter with its fault headers");
    }

    private static string Excerpt(string text, int at, int length)
    {
        var start = Math.Max(0, at - 60);
        var end = Math.Min(text.Length, at + length + 60);
        return string.Concat(text[start..end].Select(c => char.IsControl(c) ? '·' : c)); // protobuf bodies: bytes as Latin-1
    }
}
