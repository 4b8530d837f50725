using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Testing;
using WeComGateway.Workers.Tests.Support;

namespace WeComGateway.Workers.Tests.Admin;

/// <summary>The admin API's lead-pool and deletion-alert endpoints on the worker host (in-memory bus and stores), WeCom played by the emulator.</summary>
public sealed class AdminLeadTests
{
    private const string Key = "admin-key-0123456789-0123456789-abcdef";
    private const string SuiteId = "wwsuiteadmin00001";

    [Fact]
    public async Task Leads_imported_through_the_admin_API_are_assigned_reminded_and_reported_and_never_shown_in_full()
    {
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);
        var corpId = await InstallAsync(app, weCom);

        using var settings = await client.PutAsJsonAsync($"/admin/corps/{corpId}/leads/settings", new
        {
            mode = "weighted",
            employees = new object[] { new { userId = "zhangsan", weight = 2 }, new { userId = "lisi", weight = 1, dailyCap = 1 } },
            dailyCap = 10,
            convertWithin = "1.00:00:00",
        });
        using var imported = await client.PostAsJsonAsync($"/admin/corps/{corpId}/leads", new
        {
            leads = new object[]
            {
                new { phone = "+86 138 0013 8000", name = "王先生", source = "展会", tags = new[] { "高意向" } },
                new { phone = "13900139000", name = "李女士", source = "展会" },
                new { phone = "not-a-phone", name = "赵", source = "展会" },
                new { phone = "138-0013-8000", name = "王先生", source = "官网" },
            },
        });

        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var answer = (await imported.Content.ReadFromJsonAsync<ImportAnswer>())!;
        Assert.Equal((2, 1), (answer.Imported, answer.Duplicates));
        Assert.Equal(2, Assert.Single(answer.Rejected).Index);
        Assert.Equal(answer.LeadIds[0], answer.LeadIds[2]);
        Assert.DoesNotContain("not-a-phone", await imported.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var cards = await Eventually.ValueAsync(async () => await weCom.MessagesAsync() is { Count: 2 } m ? m : null, "two reminder cards", explain: () => Task.FromResult(app.LogText()));
        Assert.Equal(["lisi", "zhangsan"], cards.Select(c => c.Touser.Single()).Order(StringComparer.Ordinal)); // weighted 2:1: zhangsan, lisi, zhangsan

        using var lead = JsonDocument.Parse(await client.GetStringAsync($"/admin/corps/{corpId}/leads/{answer.LeadIds[0]}"));
        Assert.Equal("138****8000", lead.RootElement.GetProperty("maskedPhone").GetString());
        Assert.Equal("assigned", lead.RootElement.GetProperty("status").GetString());
        Assert.Equal("lead-" + answer.LeadIds[0], lead.RootElement.GetProperty("state").GetString());
        Assert.DoesNotContain("13800138000", lead.RootElement.GetRawText(), StringComparison.Ordinal);

        using var report = JsonDocument.Parse(await client.GetStringAsync($"/admin/corps/{corpId}/leads/report"));
        var rows = report.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Contains(rows, r => r.GetProperty("userId").GetString() == "" && r.GetProperty("imported").GetInt64() == 2);
        Assert.Contains(rows, r => r.GetProperty("userId").GetString() == "lisi" && r.GetProperty("assigned").GetInt64() == 1);
        Assert.DoesNotContain("13800138000", app.LogText(), StringComparison.Ordinal);
        Assert.Contains($"imported 2 leads into corp {corpId}", app.LogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_settings_and_corps_without_a_grant_are_refused()
    {
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);
        var corpId = await InstallAsync(app, weCom);

        using var badSettings = await client.PutAsJsonAsync($"/admin/corps/{corpId}/leads/settings", new
        {
            mode = "random", employees = new object[] { new { userId = "zhang san" } }, dailyCap = 0, convertWithin = "00:00:10",
        });
        using var badAlerts = await client.PutAsJsonAsync($"/admin/corps/{corpId}/deletion-alerts", new { enabled = true, notify = "managers", managers = Array.Empty<string>() });
        using var alerts = await client.PutAsJsonAsync($"/admin/corps/{corpId}/deletion-alerts", new { enabled = true, notify = "managers", managers = new[] { "boss" } });
        using var notInstalled = await client.PostAsJsonAsync("/admin/corps/wwnotinstalled0001/leads", new { leads = new[] { new { phone = "13800138000", name = "王", source = "展会" } } });

        Assert.Equal(HttpStatusCode.BadRequest, badSettings.StatusCode);
        var problem = await badSettings.Content.ReadAsStringAsync();
        foreach (var field in new[] { "mode", "employees[0].userId", "dailyCap", "convertWithin" })
        {
            Assert.Contains(field, problem, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.BadRequest, badAlerts.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alerts.StatusCode);
        Assert.Equal("boss", JsonDocument.Parse(await client.GetStringAsync($"/admin/corps/{corpId}/deletion-alerts")).RootElement.GetProperty("managers")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, notInstalled.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/corps/{corpId}/leads/settings")).StatusCode);
    }

    private sealed record ImportAnswer(int Imported, int Duplicates, IReadOnlyList<Rejection> Rejected, IReadOnlyList<string> LeadIds);

    private sealed record Rejection(int Index, string Error);

    private static async Task<string> InstallAsync(WorkerApplication app, WeComEmulator weCom)
    {
        var corpId = "ww" + Guid.NewGuid().ToString("N")[..16];
        var permanentCode = await weCom.AuthorizeAsync(corpId);
        await app.Services.GetRequiredService<IAuthorizationStore>().SaveAsync(
            new CorpAuthorization(corpId, SuiteId, permanentCode, null, DateTimeOffset.UtcNow, AgentId: 1000001), CancellationToken.None);
        await app.Services.PushSuiteTicketAsync(SuiteId, DateTimeOffset.UtcNow);
        return corpId;
    }

    private static WorkerApplication Host(WeComEmulator weCom) =>
        new([.. EmulatedWeCom.Settings(weCom, SuiteId).Select(s => (s.Key, s.Value)), ("Admin:ApiKeys:0", Key), ("Leads:SchedulerEnabled", "false")]);

    private static HttpClient Client(WorkerApplication app)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        return client;
    }
}
