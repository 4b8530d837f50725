using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Automation;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Campaigns;
using WeComGateway.Storage.Customers;
using WeComGateway.Testing;
using WeComGateway.Workers.Customers;
using WeComGateway.Workers.Tests.Support;

namespace WeComGateway.Workers.Tests.Admin;

/// <summary>The admin API's campaign endpoints on the worker host (scheduler off: nothing is sent), WeCom played by the emulator.</summary>
public sealed class AdminCampaignTests
{
    private const string Key = "admin-key-0123456789-0123456789-abcdef";
    private const string SuiteId = "wwsuiteadmin00001";

    private static readonly object FruitBody = new
    {
        id = "fruit-dec",
        name = "爱水果 12月",
        audience = new { tags = new { any = new[] { new { group = "兴趣", name = "爱水果" } } } },
        content = new { text = "今天的橙子到了" },
    };

    [Fact]
    public async Task A_campaign_is_previewed_created_once_listed_shown_and_cancelled()
    {
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);
        var corpId = await InstallAsync(app, weCom);
        await SeedAsync(app, weCom, corpId, "zhangsan", 2, new TagRef("兴趣", "爱水果"));
        await SeedAsync(app, weCom, corpId, "lisi", 1, new TagRef("兴趣", "爱水果"));
        await SeedAsync(app, weCom, corpId, "lisi", 1);

        using var preview = await client.PostAsJsonAsync($"/admin/corps/{corpId}/campaigns/preview", FruitBody);
        using var created = await client.PostAsJsonAsync($"/admin/corps/{corpId}/campaigns", FruitBody);
        using var again = await client.PostAsJsonAsync($"/admin/corps/{corpId}/campaigns", FruitBody);

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var counts = JsonDocument.Parse(await preview.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((3, 0, 3, 2), (counts.GetProperty("matched").GetInt32(), counts.GetProperty("skippedByLimit").GetInt32(), counts.GetProperty("recipients").GetInt32(), counts.GetProperty("tasks").GetInt32()));
        Assert.Equal(["zhangsan", "lisi"], counts.GetProperty("senders").EnumerateArray().Select(s => s.GetProperty("userId").GetString()));
        Assert.Equal("今天的橙子到了", counts.GetProperty("samples")[0].GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("campaign_exists", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var list = JsonDocument.Parse(await client.GetStringAsync($"/admin/corps/{corpId}/campaigns")).RootElement;
        Assert.Equal(("fruit-dec", "scheduled"), (list[0].GetProperty("id").GetString(), list[0].GetProperty("status").GetString()));
        var shown = JsonDocument.Parse(await client.GetStringAsync($"/admin/corps/{corpId}/campaigns/fruit-dec")).RootElement;
        Assert.Equal("爱水果", shown.GetProperty("definition").GetProperty("audience").GetProperty("tags").GetProperty("any")[0].GetProperty("name").GetString());
        Assert.Equal(0, await weCom.CountAsync(WeComApis.AddMessageTemplate));

        using var cancelled = await client.PostAsync($"/admin/corps/{corpId}/campaigns/fruit-dec/cancel", null);
        using var twice = await client.PostAsync($"/admin/corps/{corpId}/campaigns/fruit-dec/cancel", null);

        Assert.Equal(HttpStatusCode.Accepted, cancelled.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/corps/{corpId}/campaigns/other")).StatusCode);
        Assert.Contains($"Campaign fruit-dec created for corp {corpId}", app.LogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_send_time_without_an_offset_is_the_corps_local_time()
    {
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);
        var corpId = await InstallAsync(app, weCom);
        var local = DateTime.SpecifyKind(DateTime.UtcNow.AddDays(3).Date.AddHours(10), DateTimeKind.Unspecified);
        var body = JsonSerializer.SerializeToNode(FruitBody)!.AsObject();
        body["sendAt"] = local.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);

        using var created = await client.PostAsync($"/admin/corps/{corpId}/campaigns", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var stored = await app.Services.GetRequiredService<ICampaignStore>().GetAsync(corpId, "fruit-dec", default);
        Assert.Equal(new DateTimeOffset(local, TimeSpan.FromHours(8)), stored!.Campaign.SendAt); // the default rule set's Asia/Shanghai
    }

    [Theory]
    [InlineData("""{"id":"a","name":"a","audiance":{},"content":{"text":"x"}}""", "audiance")]
    [InlineData("""{"id":"a","name":"a","audience":{"tags":{"al":[]}},"content":{"text":"x"}}""", "al")]
    [InlineData("""{"id":"a","name":"a","audience":{},"content":{}}""", "text and attachments are both empty")]
    [InlineData("""{"id":"A b","name":"a","audience":{},"content":{"text":"x"}}""", "\"id\"")]
    [InlineData("""{"id":"a","name":"a","audience":{},"content":{"text":"x"},"sendAt":"tomorrow"}""", "sendAt")]
    [InlineData("""{"id":"a","name":"a","audience":{"addedFrom":"2026-12-01","addedTo":"2026-11-01"},"content":{"text":"x"}}""", "addedTo is before addedFrom")]
    [InlineData("""{"id":"a","name":"a","audience":{},"content":{"text":"x","attachments":[{"type":"image"}]}}""", "attachments[0]")]
    [InlineData("[1,2]", "JSON object")]
    public async Task A_body_that_is_not_a_valid_campaign_is_refused_with_what_is_wrong_and_nothing_is_stored(string json, string expected)
    {
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);
        var corpId = await InstallAsync(app, weCom);

        using var answer = await client.PostAsync($"/admin/corps/{corpId}/campaigns", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var problem = await answer.Content.ReadAsStringAsync();
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.Empty(await app.Services.GetRequiredService<ICampaignStore>().ListAsync(corpId, default));
    }

    [Fact]
    public async Task A_corp_without_a_grant_and_an_invalid_corp_id_are_refused()
    {
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);

        using var notInstalled = await client.PostAsJsonAsync("/admin/corps/wwnotinstalled0001/campaigns", FruitBody);
        using var invalid = await client.GetAsync("/admin/corps/ww%7Bx%7D/campaigns");

        Assert.Equal(HttpStatusCode.NotFound, notInstalled.StatusCode);
        Assert.Contains("not_authorized", await notInstalled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    private static async Task SeedAsync(WorkerApplication app, WeComEmulator weCom, string corpId, string employee, int count, params TagRef[] tags)
    {
        var facts = app.Services.GetRequiredService<ICustomerFactsStore>();
        foreach (var id in await weCom.SeedExistingCustomersAsync(corpId, count, [employee]))
        {
            var customer = CustomerFacts.New(corpId, id) with { FollowUsers = [employee], Tags = tags };
            Assert.True(await facts.TryWriteAsync(corpId, id, 0, CustomerFactsRepository.Serialize(customer, []), null, default));
        }
    }

    private static async Task<string> InstallAsync(WorkerApplication app, WeComEmulator weCom)
    {
        var corpId = "ww" + Guid.NewGuid().ToString("N")[..16];
        var permanentCode = await weCom.AuthorizeAsync(corpId);
        await app.Services.GetRequiredService<IAuthorizationStore>().SaveAsync(
            new CorpAuthorization(corpId, SuiteId, permanentCode, null, DateTimeOffset.UtcNow), CancellationToken.None);
        await app.Services.PushSuiteTicketAsync(SuiteId, DateTimeOffset.UtcNow);
        return corpId;
    }

    private static WorkerApplication Host(WeComEmulator weCom) =>
        new([.. EmulatedWeCom.Settings(weCom, SuiteId).Select(s => (s.Key, s.Value)), ("Admin:ApiKeys:0", Key), ("Campaigns:SchedulerEnabled", "false")]);

    private static HttpClient Client(WorkerApplication app)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        return client;
    }
}
