using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Testing;
using WeComGateway.Workers.Tests.Support;

namespace WeComGateway.Workers.Tests.Admin;

/// <summary>The admin API's moment endpoints on the worker host (in-memory bus and stores), WeCom played by the emulator.</summary>
public sealed class AdminMomentTests
{
    private const string Key = "admin-key-0123456789-0123456789-abcdef";
    private const string SuiteId = "wwsuiteadmin00001";

    [Fact]
    public async Task A_moment_for_a_tag_is_stored_its_WeCom_task_created_once_and_a_repeated_create_answers_the_stored_moment()
    {
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);
        var corpId = await InstallAsync(app, weCom);
        var vip = await weCom.AddTagAsync(corpId, "客户等级", "VIP");
        var request = new { id = "spring-sale", text = "春季新品上市", tags = new[] { "客户等级/VIP" }, employees = new[] { "zhangsan" } };

        using var created = await client.PostAsJsonAsync($"/admin/corps/{corpId}/moments", request);
        using var repeated = await client.PostAsJsonAsync($"/admin/corps/{corpId}/moments", request);
        using var conflict = await client.PostAsJsonAsync($"/admin/corps/{corpId}/moments", request with { text = "秋季新品" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        Assert.Equal(vip, body.RootElement.GetProperty("tags")[0].GetProperty("id").GetString());
        var moment = await Eventually.ValueAsync(
            async () => JsonDocument.Parse(await client.GetStringAsync($"/admin/corps/{corpId}/moments/spring-sale")) is var d
                && d.RootElement.GetProperty("status").GetString() == "creating" ? d : null,
            "the WeCom task created", explain: () => Task.FromResult(app.LogText()));
        Assert.StartsWith("mjob", moment.RootElement.GetProperty("jobId").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await weCom.CountAsync(WeComApis.AddMomentTask));
        var list = JsonDocument.Parse(await client.GetStringAsync($"/admin/corps/{corpId}/moments"));
        Assert.Equal("spring-sale", Assert.Single(list.RootElement.GetProperty("moments").EnumerateArray()).GetProperty("momentId").GetString());
        Assert.Contains($"created moment spring-sale of corp {corpId}", app.LogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WeComs_limits_unknown_tags_and_corps_without_a_grant_are_refused_before_anything_is_stored()
    {
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);
        var corpId = await InstallAsync(app, weCom);
        await weCom.AddTagAsync(corpId, "客户等级", "VIP");

        using var mixed = await client.PostAsJsonAsync($"/admin/corps/{corpId}/moments", new
        {
            text = new string('春', 2001),
            attachments = new object[] { new { type = "image", mediaId = "M1" }, new { type = "link", mediaId = "C1", url = "https://example.com" } },
            tags = new[] { "VIP" },
        });
        using var unknown = await client.PostAsJsonAsync($"/admin/corps/{corpId}/moments", new { text = "春季", tags = new[] { "客户等级/SVIP" } });
        using var notInstalled = await client.PostAsJsonAsync("/admin/corps/wwnotinstalled0001/moments", new { text = "春季", tags = new[] { "客户等级/VIP" } });

        Assert.Equal(HttpStatusCode.BadRequest, mixed.StatusCode);
        var problem = await mixed.Content.ReadAsStringAsync();
        Assert.Contains("invalid_moment", problem, StringComparison.Ordinal);
        foreach (var field in new[] { "\"text\"", "\"attachments\"", "\"tags\"" })
        {
            Assert.Contains(field, problem, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("unknown_tags", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, notInstalled.StatusCode);
        Assert.Empty(JsonDocument.Parse(await client.GetStringAsync($"/admin/corps/{corpId}/moments")).RootElement.GetProperty("moments").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/corps/{corpId}/moments/nothing")).StatusCode);
        Assert.Equal(0, await weCom.CountAsync(WeComApis.AddMomentTask));
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
        new([.. EmulatedWeCom.Settings(weCom, SuiteId).Select(s => (s.Key, s.Value)), ("Admin:ApiKeys:0", Key), ("Moments:SchedulerEnabled", "false")]);

    private static HttpClient Client(WorkerApplication app)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        return client;
    }
}
