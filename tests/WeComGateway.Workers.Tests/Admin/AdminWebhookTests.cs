using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Automation.Webhooks;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Testing;
using WeComGateway.Workers.Tests.Support;
using WeComGateway.Workers.Tests.Webhooks;

namespace WeComGateway.Workers.Tests.Admin;

/// <summary>The admin API's webhook endpoints on the worker host (in-memory bus and stores), delivering to a local receiver.</summary>
public sealed class AdminWebhookTests
{
    private const string Key = "admin-key-0123456789-0123456789-abcdef";
    private const string SuiteId = "wwsuiteadmin00001";

    [Fact]
    public async Task A_subscription_shows_its_secret_once_a_test_ping_arrives_signed_with_it_and_a_removed_one_is_gone()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);
        var corpId = await InstallAsync(app, weCom);

        using var created = await client.PostAsJsonAsync($"/admin/corps/{corpId}/webhooks", new { id = "crm", url = receiver.Url, events = new[] { "ExternalContactAdded", "LeadAssigned" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var secret = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        var list = await client.GetStringAsync($"/admin/corps/{corpId}/webhooks");
        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
        Assert.Equal("crm", Assert.Single(JsonDocument.Parse(list).RootElement.GetProperty("webhooks").EnumerateArray()).GetProperty("webhookId").GetString());

        using var ping = await client.PostAsync($"/admin/corps/{corpId}/webhooks/crm/test", null);
        Assert.Equal(HttpStatusCode.Accepted, ping.StatusCode);
        var request = await Eventually.ValueAsync(() => receiver.Requests.SingleOrDefault(), "the ping delivered", explain: () => Task.FromResult(app.LogText()));
        Assert.True(StandardWebhookSigner.Verify(secret, request.Id, request.Timestamp, request.Signature, request.Body, DateTimeOffset.UtcNow));
        Assert.Equal(WebhookEvents.Ping, JsonDocument.Parse(request.Body).RootElement.GetProperty("type").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/admin/corps/{corpId}/webhooks/crm")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/admin/corps/{corpId}/webhooks/crm")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/admin/corps/{corpId}/webhooks/crm/test", null)).StatusCode);
        Assert.Contains($"created webhook crm of corp {corpId}", app.LogText(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, app.LogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_http_unknown_events_and_corps_without_a_grant_are_refused()
    {
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);
        var corpId = await InstallAsync(app, weCom);

        using var invalid = await client.PostAsJsonAsync($"/admin/corps/{corpId}/webhooks", new { url = "http://crm.example.com/hooks", events = new[] { "NoSuchEvent" } });
        using var notInstalled = await client.PostAsJsonAsync("/admin/corps/wwnotinstalled0001/webhooks", new { url = "https://crm.example.com/hooks", events = new[] { "LeadAssigned" } });

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("\"url\"", problem, StringComparison.Ordinal);
        Assert.Contains("NoSuchEvent is not a record", problem, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, notInstalled.StatusCode);
        Assert.Empty(JsonDocument.Parse(await client.GetStringAsync($"/admin/corps/{corpId}/webhooks")).RootElement.GetProperty("webhooks").EnumerateArray());
    }

    private static async Task<string> InstallAsync(WorkerApplication app, WeComEmulator weCom)
    {
        var corpId = "ww" + Guid.NewGuid().ToString("N")[..16];
        var permanentCode = await weCom.AuthorizeAsync(corpId);
        await app.Services.GetRequiredService<IAuthorizationStore>().SaveAsync(
            new CorpAuthorization(corpId, SuiteId, permanentCode, null, DateTimeOffset.UtcNow), CancellationToken.None);
        return corpId;
    }

    private static WorkerApplication Host(WeComEmulator weCom) =>
        new([.. EmulatedWeCom.Settings(weCom, SuiteId).Select(s => (s.Key, s.Value)), ("Admin:ApiKeys:0", Key), ("Webhooks:AllowInsecureLoopback", "true")]);

    private static HttpClient Client(WorkerApplication app)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        return client;
    }
}
