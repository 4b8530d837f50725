using System.Net;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Contracts;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Testing;
using WeComGateway.Workers.Tests.Support;

namespace WeComGateway.Workers.Tests.Diagnostics;

/// <summary>The worker host as Program.cs composes it (embedded: in-memory bus and stores): what ops probe and scrape.</summary>
[Collection(MetricsScrape.Name)]
public sealed class WorkerHostEndpointsTests
{
    [Fact]
    public async Task The_worker_host_answers_liveness_becomes_ready_and_serves_metrics()
    {
        await using var host = new WorkerApplication();
        var client = host.CreateClient();

        var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", await live.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, await EventuallyAsync(client, "/health/ready", HttpStatusCode.OK));

        var metrics = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal("text/plain", metrics.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_membership_change_shows_on_the_workers_metrics_as_an_applied_automation_event()
    {
        await using var host = new WorkerApplication();
        var client = host.CreateClient();
        await EventuallyAsync(client, "/health/ready", HttpStatusCode.OK);

        var corpId = "ww" + Guid.NewGuid().ToString("N")[..16];
        await host.Services.GetRequiredService<IAuthorizationStore>().SaveAsync(
            new CorpAuthorization(corpId, "wwsuite-metrics", "permanent-code", null, DateTimeOffset.UtcNow), default);
        await host.Services.GetRequiredService<IBus>().Publish(new CustomerMembershipChanged
        {
            CorpId = corpId,
            ExternalUserId = "wmMember01",
            Status = MembershipStatuses.Active,
            Level = "gold",
            ChangedAt = DateTimeOffset.UtcNow,
        });

        var scrape = await EventuallyContainsAsync(client, "wecomgw_automation_events_total{");
        Assert.Contains("kind=\"membership_changed\"", scrape, StringComparison.Ordinal);
        Assert.Contains("outcome=\"applied\"", scrape, StringComparison.Ordinal);
        // MassTransit's own counters are not asserted: it creates its meter once per process, from the first bus's
        // container, so in a test process they vanish with whichever host ran first (one host per process in production).
    }

    private static async Task<HttpStatusCode> EventuallyAsync(HttpClient client, string path, HttpStatusCode wanted)
    {
        var status = default(HttpStatusCode);
        await Eventually.HoldsAsync(
            async () => (status = (await client.GetAsync(new Uri(path, UriKind.Relative))).StatusCode) == wanted,
            $"{path} to answer {wanted}",
            Eventually.Say(() => $"it answered {status}"),
            TimeSpan.FromSeconds(15));
        return status;
    }

    /// <summary>The scrape once it holds <paramref name="text"/> (consumers run asynchronously; the exporter caches 300 ms).</summary>
    private static Task<string> EventuallyContainsAsync(HttpClient client, string text) =>
        Eventually.ValueAsync(
            async () => await client.GetStringAsync(new Uri("/metrics", UriKind.Relative)) is var scrape && scrape.Contains(text, StringComparison.Ordinal) ? scrape : null,
            $"the metrics to show {text}",
            timeout: TimeSpan.FromSeconds(15));
}
