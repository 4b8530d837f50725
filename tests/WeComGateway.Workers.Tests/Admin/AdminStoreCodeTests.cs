using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Testing;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.Workers.Tests.Support;

namespace WeComGateway.Workers.Tests.Admin;

/// <summary>
/// Store codes and group codes through the admin API on the worker host (in-memory bus and stores), WeCom played by
/// the emulator over HTTP: stores, a campaign's landing resolving to the nearest open store, join ways and templates.
/// </summary>
public sealed class AdminStoreCodeTests
{
    private const string Key = "admin-key-0123456789-0123456789-abcdef";
    private const string SuiteId = "wwsuiteadmin00001";
    private const string AddContactWay = "externalcontact/add_contact_way";

    // People's Square, Shanghai; Lujiazui ≈ 2.7 km, Jing'an ≈ 2.8 km, Xujiahui ≈ 5.2 km away.
    private const string Here = "lat=31.2304&lng=121.4737";

    [Fact]
    public async Task A_landing_gets_the_nearest_open_stores_contact_code_made_once_and_counted_per_hand_out()
    {
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);
        var corpId = await InstallAsync(app, weCom);
        await PutStoreAsync(client, corpId, "lujiazui", 31.2397, 121.4998, open: false, employees: ["lisi"]);
        await PutStoreAsync(client, corpId, "jingan", 31.2234, 121.4453, employees: ["zhangsan", "wangwu"]);
        await PutStoreAsync(client, corpId, "xujiahui", 31.1955, 121.4368, employees: ["zhaoliu"]);
        (await client.PutAsJsonAsync($"/admin/corps/{corpId}/store-campaigns/spring", new { name = "春季", kind = "contact", maxDistanceKm = 10 })).EnsureSuccessStatusCode();

        var first = await client.GetFromJsonAsync<JsonElement>($"/admin/corps/{corpId}/store-campaigns/spring/resolve?{Here}");
        var second = await client.GetFromJsonAsync<JsonElement>($"/admin/corps/{corpId}/store-campaigns/spring/resolve?{Here}");
        var report = await client.GetFromJsonAsync<JsonElement>($"/admin/corps/{corpId}/store-campaigns/spring");

        Assert.Equal("jingan", first.GetProperty("storeId").GetString()); // lujiazui is nearer but closed
        Assert.Equal("st:spring:jingan", first.GetProperty("state").GetString());
        Assert.StartsWith("https://", first.GetProperty("qrCode").GetString(), StringComparison.Ordinal);
        Assert.InRange(first.GetProperty("distanceKm").GetDouble(), 2.80, 2.82);
        Assert.Equal(first.GetProperty("configId").GetString(), second.GetProperty("configId").GetString());
        var made = Assert.Single(await weCom.RequestsAsync<AddContactWayRequest>(AddContactWay));
        Assert.Equal((2, 2, "st:spring:jingan"), (made.Type, made.Scene, made.State));
        Assert.Equal(["zhangsan", "wangwu"], made.User);
        var jingan = report.GetProperty("stores").EnumerateArray().Single(s => s.GetProperty("storeId").GetString() == "jingan");
        Assert.Equal(2, jingan.GetProperty("resolved").GetInt64());
        Assert.Equal(0, jingan.GetProperty("adds").GetInt64());
    }

    [Fact]
    public async Task No_open_store_within_the_campaigns_distance_answers_404_no_open_store()
    {
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);
        var corpId = await InstallAsync(app, weCom);
        await PutStoreAsync(client, corpId, "xujiahui", 31.1955, 121.4368, employees: ["zhaoliu"]);
        (await client.PutAsJsonAsync($"/admin/corps/{corpId}/store-campaigns/near", new { name = "近", kind = "contact", maxDistanceKm = 3 })).EnsureSuccessStatusCode();

        using var response = await client.GetAsync($"/admin/corps/{corpId}/store-campaigns/near/resolve?{Here}");
        using var badPosition = await client.GetAsync($"/admin/corps/{corpId}/store-campaigns/near/resolve?lat=95&lng=121");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("no_open_store", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badPosition.StatusCode);
        Assert.Equal(0, await weCom.CountAsync(AddContactWay));
    }

    [Fact]
    public async Task A_group_campaign_hands_out_the_stores_join_way_and_registers_it_for_counting()
    {
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);
        var corpId = await InstallAsync(app, weCom);
        await PutStoreAsync(client, corpId, "jingan", 31.2234, 121.4453, chats: ["wrchat1", "wrchat2"]);
        (await client.PutAsJsonAsync($"/admin/corps/{corpId}/store-campaigns/groups", new { name = "进群", kind = "group" })).EnsureSuccessStatusCode();

        var resolved = await client.GetFromJsonAsync<JsonElement>($"/admin/corps/{corpId}/store-campaigns/groups/resolve?{Here}");
        var ways = await client.GetFromJsonAsync<JsonElement>($"/admin/corps/{corpId}/join-ways");

        Assert.Equal("group", resolved.GetProperty("kind").GetString());
        Assert.Contains("/join/", resolved.GetProperty("qrCode").GetString(), StringComparison.Ordinal);
        var way = Assert.Single(ways.EnumerateArray());
        Assert.Equal(resolved.GetProperty("configId").GetString(), way.GetProperty("configId").GetString());
        Assert.Equal("jingan", way.GetProperty("storeId").GetString());
        Assert.Equal("st:groups:jingan", way.GetProperty("state").GetString());
        var request = Assert.Single(await weCom.RequestsAsync<JoinWayRequest>(WeComApis.AddJoinWay));
        Assert.Equal(["wrchat1", "wrchat2"], request.ChatIds);
        Assert.Equal(1, request.AutoCreateRoom);
    }

    [Fact]
    public async Task A_join_way_is_made_changed_and_deleted_and_WeComs_limits_are_checked_first()
    {
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);
        var corpId = await InstallAsync(app, weCom);

        using var tooMany = await client.PostAsJsonAsync($"/admin/corps/{corpId}/join-ways", new { scene = 2, chatIds = new[] { "c1", "c2", "c3", "c4", "c5", "c6" } });
        using var longState = await client.PostAsJsonAsync($"/admin/corps/{corpId}/join-ways", new { scene = 2, chatIds = new[] { "c1" }, state = new string('s', 31) });
        using var created = await client.PostAsJsonAsync($"/admin/corps/{corpId}/join-ways", new
        {
            scene = 2, chatIds = new[] { "wrchat1" }, state = "poster-7", remark = "海报", autoCreateRoom = true, roomBaseName = "福利群", roomBaseId = 3,
        });
        var way = await created.Content.ReadFromJsonAsync<JsonElement>();
        var configId = way.GetProperty("configId").GetString();
        using var updated = await client.PutAsJsonAsync($"/admin/corps/{corpId}/join-ways/{configId}", new { scene = 2, chatIds = new[] { "wrchat2", "wrchat3" }, state = "poster-7" });
        using var deleted = await client.DeleteAsync($"/admin/corps/{corpId}/join-ways/{configId}");
        using var gone = await client.GetAsync($"/admin/corps/{corpId}/join-ways/{configId}");

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, longState.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains(configId!, way.GetProperty("qrCode").GetString(), StringComparison.Ordinal);
        Assert.Equal("福利群", way.GetProperty("roomBaseName").GetString());
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(["wrchat2", "wrchat3"], (await updated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("chatIds").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(1, await weCom.CountAsync(WeComApis.AddJoinWay));
        Assert.Equal(1, await weCom.CountAsync(WeComApis.DeleteJoinWay));
    }

    [Fact]
    public async Task WeComs_refusal_answers_502_with_its_errcode_and_nothing_is_kept()
    {
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);
        var corpId = await InstallAsync(app, weCom);
        await weCom.FailAsync(WeComApis.AddJoinWay, 41054);

        using var refused = await client.PostAsJsonAsync($"/admin/corps/{corpId}/join-ways", new { scene = 2, chatIds = new[] { "wrchat1" } });

        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        Assert.Equal(41054, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errcode").GetInt32());
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>($"/admin/corps/{corpId}/join-ways")).EnumerateArray());
    }

    [Fact]
    public async Task A_group_welcome_template_is_added_read_from_WeCom_and_deleted()
    {
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);
        var corpId = await InstallAsync(app, weCom);

        using var twoAttachments = await client.PostAsJsonAsync($"/admin/corps/{corpId}/group-welcome-templates", new
        {
            name = "x", link = new { title = "t", url = "https://u" }, fileMediaId = "m1",
        });
        using var created = await client.PostAsJsonAsync($"/admin/corps/{corpId}/group-welcome-templates", new
        {
            name = "新人礼", text = "欢迎入群", link = new { title = "领取新人礼", url = "https://example.com/gift" },
        });
        var templateId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("templateId").GetString();
        var read = await client.GetFromJsonAsync<JsonElement>($"/admin/corps/{corpId}/group-welcome-templates/{templateId}");
        var list = await client.GetFromJsonAsync<JsonElement>($"/admin/corps/{corpId}/group-welcome-templates");
        using var deleted = await client.DeleteAsync($"/admin/corps/{corpId}/group-welcome-templates/{templateId}");

        Assert.Equal(HttpStatusCode.BadRequest, twoAttachments.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("欢迎入群", read.GetProperty("text").GetProperty("content").GetString());
        Assert.Equal("link", Assert.Single(list.EnumerateArray()).GetProperty("attachmentType").GetString());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(1, await weCom.CountAsync(WeComApis.DeleteGroupWelcomeTemplate));
    }

    [Fact]
    public async Task A_corp_without_a_grant_is_refused_with_404_and_bad_ids_with_400()
    {
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);

        using var store = await client.PutAsJsonAsync("/admin/corps/wwnotinstalled0001/stores/jingan", new { name = "静安", latitude = 31.2, longitude = 121.4 });
        using var way = await client.PostAsJsonAsync("/admin/corps/wwnotinstalled0001/join-ways", new { scene = 2, chatIds = new[] { "wrchat1" } });
        using var badId = await client.PutAsJsonAsync("/admin/corps/wwnotinstalled0001/stores/Jing_An", new { name = "静安", latitude = 31.2, longitude = 121.4 });

        Assert.Equal(HttpStatusCode.NotFound, store.StatusCode);
        Assert.Equal("not_authorized", (await store.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.NotFound, way.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Equal(0, await weCom.CountAsync(WeComApis.AddJoinWay));
    }

    private static async Task<string> InstallAsync(WorkerApplication app, WeComEmulator weCom)
    {
        var corpId = "ww" + Guid.NewGuid().ToString("N")[..16];
        var permanentCode = await weCom.AuthorizeAsync(corpId);
        await app.Services.GetRequiredService<IAuthorizationStore>().SaveAsync(new CorpAuthorization(corpId, SuiteId, permanentCode, null, DateTimeOffset.UtcNow), CancellationToken.None);
        await app.Services.PushSuiteTicketAsync(SuiteId, DateTimeOffset.UtcNow);
        return corpId;
    }

    private static async Task PutStoreAsync(
        HttpClient client, string corpId, string id, double latitude, double longitude, bool open = true, string[]? employees = null, string[]? chats = null) =>
        (await client.PutAsJsonAsync($"/admin/corps/{corpId}/stores/{id}", new
        {
            name = "门店 " + id, latitude, longitude, address = "上海", open, employees = employees ?? [], chatIds = chats ?? [],
        })).EnsureSuccessStatusCode();

    private static WorkerApplication Host(WeComEmulator weCom) =>
        new([.. EmulatedWeCom.Settings(weCom, SuiteId).Select(s => (s.Key, s.Value)), ("Admin:ApiKeys:0", Key)]);

    private static HttpClient Client(WorkerApplication app)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        return client;
    }
}
