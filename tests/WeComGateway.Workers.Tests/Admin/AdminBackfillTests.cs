using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Testing;
using WeComGateway.Workers.Tests.Support;

namespace WeComGateway.Workers.Tests.Admin;

/// <summary>The admin API's backfill endpoints on the worker host (in-memory bus and stores), WeCom played by the emulator over HTTP.</summary>
public sealed class AdminBackfillTests
{
    private const string Key = "admin-key-0123456789-0123456789-abcdef";
    private const string SuiteId = "wwsuiteadmin00001";

    [Fact]
    public async Task A_backfill_asked_for_through_the_admin_API_runs_on_the_workers_and_its_progress_is_shown()
    {
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);
        var corpId = "ww" + Guid.NewGuid().ToString("N")[..16];
        var permanentCode = await weCom.AuthorizeAsync(corpId);
        await app.Services.GetRequiredService<IAuthorizationStore>().SaveAsync(new CorpAuthorization(corpId, SuiteId, permanentCode, null, DateTimeOffset.UtcNow), CancellationToken.None);
        await app.Services.PushSuiteTicketAsync(SuiteId, DateTimeOffset.UtcNow);
        await weCom.SeedExistingCustomersAsync(corpId, 120);

        using var accepted = await client.PostAsync($"/admin/corps/{corpId}/backfill", content: null);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal($"/admin/corps/{corpId}/backfill", accepted.Headers.Location?.OriginalString);
        using var body = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync());
        Assert.Equal(corpId, body.RootElement.GetProperty("corpId").GetString());
        var progress = await Eventually.ValueAsync(
            async () =>
            {
                using var response = await client.GetAsync($"/admin/corps/{corpId}/backfill"); // 404 until the workers start it
                return response.IsSuccessStatusCode && await response.Content.ReadFromJsonAsync<Progress>() is { State: "done" } done ? done : null;
            },
            "the backfill to be done",
            explain: () => Task.FromResult(app.LogText()));
        Assert.Equal(new Progress("done", 3, 3, 120, 132), progress);
        Assert.Contains($"asked for a backfill of corp {corpId} (audit)", app.LogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corp_without_an_active_grant_is_refused_with_404_and_nothing_is_asked_of_the_workers()
    {
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);

        using var refused = await client.PostAsync("/admin/corps/wwnotinstalled0001/backfill", content: null);
        using var progress = await client.GetAsync("/admin/corps/wwnotinstalled0001/backfill");

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("not_authorized", problem.RootElement.GetProperty("title").GetString());
        Assert.Contains("holds no active grant", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, progress.StatusCode);
        Assert.DoesNotContain("asked for a backfill", app.LogText(), StringComparison.Ordinal);
    }

    private sealed record Progress(string State, int FollowUsers, int FollowUsersDone, long Seeded, long Customers);

    private static WorkerApplication Host(WeComEmulator weCom) =>
        new([.. EmulatedWeCom.Settings(weCom, SuiteId).Select(s => (s.Key, s.Value)), ("Admin:ApiKeys:0", Key), ("Backfill:PagesPerSecond", "50")]);

    private static HttpClient Client(WorkerApplication app)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        return client;
    }
}
