using System.Net;
using System.Text.Json;
using WeComGateway.Cli.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace WeComGateway.Cli.Tests;

/// <summary><c>wecomgw webhooks …</c> against a stub of the admin API.</summary>
public sealed class WebhooksCommandTests : IDisposable
{
    private const string Key = "admin-key-0123456789-0123456789-abcdef";
    private const string Webhooks = "/admin/corps/wwcorp0001/webhooks";
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private readonly WireMockServer _admin = WireMockServer.Start();

    public void Dispose() => _admin.Dispose();

    [Fact]
    public async Task Add_sends_the_url_and_events_and_prints_the_secret_once()
    {
        _admin.Given(Request.Create().WithPath(Webhooks).UsingPost().WithHeader("X-Api-Key", Key))
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.Created).WithBodyAsJson(new
            {
                webhookId = "crm", url = "https://crm.example.com/hooks", events = new[] { "ExternalContactAdded", "LeadAssigned" }, enabled = true,
                createdBy = "admin-api:key#0", createdAt = "2026-12-07T02:00:00+00:00", secret = Secret,
            }));

        var result = await Run("webhooks", "add", "--id", "crm", "--url", "https://crm.example.com/hooks", "--event", "ExternalContactAdded", "--event", "LeadAssigned");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("created webhook crm", result.Output, StringComparison.Ordinal);
        Assert.Contains(Secret, result.Output, StringComparison.Ordinal);
        using var sent = JsonDocument.Parse(Assert.Single(_admin.LogEntries).RequestMessage!.Body!);
        Assert.Equal("https://crm.example.com/hooks", sent.RootElement.GetProperty("url").GetString());
        Assert.Equal(["ExternalContactAdded", "LeadAssigned"], sent.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task List_remove_and_test_call_their_endpoints_and_a_refusal_exits_1()
    {
        _admin.Given(Request.Create().WithPath(Webhooks).UsingGet()).RespondWith(Response.Create().WithBodyAsJson(new
        {
            corpId = "wwcorp0001",
            webhooks = new[] { new { webhookId = "crm", url = "https://crm.example.com/hooks", events = new[] { "LeadAssigned" }, enabled = true, createdBy = "ops", createdAt = "2026-12-07T02:00:00+00:00" } },
        }));
        _admin.Given(Request.Create().WithPath(Webhooks + "/crm").UsingDelete()).RespondWith(Response.Create().WithStatusCode(HttpStatusCode.NoContent));
        _admin.Given(Request.Create().WithPath(Webhooks + "/crm/test").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.Accepted).WithBodyAsJson(new { webhookId = "crm", deliveryId = "msg_0123" }));
        _admin.Given(Request.Create().WithPath(Webhooks + "/gone/test").UsingPost()).RespondWith(Response.Create().WithStatusCode(HttpStatusCode.NotFound));

        var list = await Run("webhooks", "list");
        var remove = await Run("webhooks", "remove", "crm");
        var test = await Run("webhooks", "test", "crm");
        var gone = await Run("webhooks", "test", "gone");

        Assert.Equal(0, list.ExitCode);
        Assert.Contains("https://crm.example.com/hooks", list.Output, StringComparison.Ordinal);
        Assert.Contains("removed webhook crm", remove.Output, StringComparison.Ordinal);
        Assert.Contains("queued a WebhookPing for webhook crm (webhook-id msg_0123)", test.Output, StringComparison.Ordinal);
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("the admin API answered 404", gone.Error, StringComparison.Ordinal);
    }

    private Task<CliResult> Run(params string[] args) =>
        CliRun.RunAsync(new Dictionary<string, string> { ["WECOMGW_ADMIN_API_KEY"] = Key, ["WECOMGW_CORP_ID"] = "wwcorp0001" }, [.. args, "--admin-url", _admin.Url!]);
}
