using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Contracts;
using WeComGateway.IntegrationTests.Observability;
using WeComGateway.Testing;

namespace WeComGateway.IntegrationTests;

/// <summary>
/// contracts/examples/node-subscriber, the example for teams outside .NET, on the real broker: it binds its own queue,
/// the real receiver publishes callbacks (both of WeCom's shapes) and the bus publishes gateway and inbound facts, and
/// every record must pass the generated JSON Schema (contracts/schemas). Needs node and npm on PATH, as CI has.
/// </summary>
[Collection(RealServicesCollection.Name)]
public sealed class NodeSubscriberTests
{
    private static readonly string Example = Path.Combine(MetricCatalogTests.RepositoryRoot(), "contracts", "examples", "node-subscriber");

    [Fact]
    public async Task A_Node_subscriber_validates_what_the_gateway_publishes_against_the_generated_schemas()
    {
        await InstallAsync();
        var suite = TestSuite.Fresh();
        // A vhost of its own: on the shared one, other tests publish to the same exchanges.
        await using var vhost = await ScratchVhost.CreateAsync();
        Type[] records =
        [
            typeof(ExternalContactAdded), typeof(GroupChatMemberJoined), typeof(AuthorizationCreated),
            typeof(CorpAuthorized), typeof(ChannelStatsUpdated), typeof(LeadConverted), typeof(CustomerPurchaseRecorded),
        ];
        const int expected = 8;
        using var subscriber = Start("node", ["subscriber.js", "--url", vhost.Amqp, "--count", $"{expected}", "--timeout", "25",
            .. records.SelectMany(r => new[] { "--exchange", MessageCatalogue.ExchangeOf(r) })]);
        var output = new Output(subscriber);
        await output.WaitForAsync("ready:", TimeSpan.FromSeconds(15));

        await using var app = new GatewayApplication(RealServices.Settings(suite, extra: ("ConnectionStrings:RabbitMq", vhost.Amqp)));
        foreach (var (url, xml) in new[]
                 {
                     ("command", EventXml.ContactAdded(suite)), ("data", EventXml.ContactAddedEventShape(suite)),
                     ("command", EventXml.MemberJoinedGroup(suite)), ("command", EventXml.CreateAuth(suite)),
                 })
        {
            var response = await app.PostAsync(SignedCallback.Post(suite, url, xml));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode); // answered once published
        }

        var bus = app.Services.GetRequiredService<IBus>();
        var now = DateTimeOffset.UtcNow;
        await bus.Publish(new CorpAuthorized { SuiteId = suite.SuiteId, CorpId = suite.CorpId, AuthorizedAt = now, Reason = CorpAuthorizedReasons.Created });
        await bus.Publish(new ChannelStatsUpdated
        {
            CorpId = suite.CorpId, State = "channel-poster-01", ChannelName = "海报", Day = DateOnly.FromDateTime(now.UtcDateTime),
            Adds = 3, FirstAdds = 2, ReAdds = 1, DeletedByCustomer = 0, DeletedByEmployee = 0, Lost = 0, NetRetained = 3,
            EventKey = EventXml.NewId("ek"), At = now,
        });
        await bus.Publish(new LeadConverted
        {
            CorpId = suite.CorpId, LeadId = EventXml.NewId("lead"), ExternalUserId = EventXml.NewId("wm"), UserId = "zhangsan",
            Source = "expo", MaskedPhone = "138****8000", MatchedBy = "state", ImportedAt = now.AddDays(-1), ConvertedAt = now,
            TimeToConvert = TimeSpan.FromHours(26.5),
        });
        await bus.Publish(new CustomerPurchaseRecorded
        {
            CorpId = suite.CorpId, ExternalUserId = EventXml.NewId("wm"), OrderId = EventXml.NewId("order"), Amount = 128.50m,
            PurchasedAt = now, Categories = ["水果"],
        });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await subscriber.WaitForExitAsync(timeout.Token);
        var lines = output.Lines();
        Assert.True(subscriber.ExitCode == 0, $"the subscriber exited {subscriber.ExitCode}:\n{string.Join('\n', lines)}");
        Assert.All(records, r => Assert.Contains(lines, l => l.StartsWith($"valid {r.Name} ", StringComparison.Ordinal)));
        Assert.Equal(2, lines.Count(l => l.StartsWith($"valid {nameof(ExternalContactAdded)} ", StringComparison.Ordinal)));
    }

    /// <summary><c>npm ci</c> once per checkout: the example's pinned packages (package-lock.json).</summary>
    private static async Task InstallAsync()
    {
        if (Directory.Exists(Path.Combine(Example, "node_modules")))
        {
            return;
        }

        using var npm = Start("npm", ["ci", "--no-audit", "--no-fund"]);
        var output = new Output(npm);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await npm.WaitForExitAsync(timeout.Token);
        Assert.True(npm.ExitCode == 0, $"npm ci in {Example} failed:\n{string.Join('\n', output.Lines())}");
    }

    private static Process Start(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = Example,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            return Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{program} is not on PATH: the bus contract's Node example needs Node.js 18+ and npm ({e.Message})", e);
        }
    }

    /// <summary>Every line a process writes, standard output and error, as it comes.</summary>
    private sealed class Output
    {
        private readonly List<string> _lines = [];

        public Output(Process process)
        {
            process.OutputDataReceived += (_, e) => Add(e.Data);
            process.ErrorDataReceived += (_, e) => Add(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string[] Lines()
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }

        public Task WaitForAsync(string prefix, TimeSpan timeout) => Eventually.HoldsAsync(
            () => Lines().Any(l => l.StartsWith(prefix, StringComparison.Ordinal)),
            $"a line starting \"{prefix}\"",
            Eventually.Say(() => string.Join('\n', Lines())),
            timeout);

        private void Add(string? line)
        {
            if (line is not null)
            {
                lock (_lines)
                {
                    _lines.Add(line);
                }
            }
        }
    }
}
