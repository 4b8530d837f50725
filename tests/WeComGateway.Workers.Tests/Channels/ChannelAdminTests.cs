extern alias workers;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Contracts;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Customers;
using WeComGateway.Testing;
using WeComGateway.Workers.Tests.Support;
using workers::WeComGateway.Workers.Channels;

namespace WeComGateway.Workers.Tests.Channels;

/// <summary>Channels through the admin API on the worker host (in-memory bus and stores), WeCom played by the emulator over HTTP.</summary>
public sealed class ChannelAdminTests : IAsyncLifetime
{
    private const string Key = "admin-key-0123456789-0123456789-abcdef";
    private const string SuiteId = "wwsuitechannels01";
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private readonly string _corpId = Events.NewCorpId();
    private WeComEmulator _weCom = null!;
    private WorkerApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        _app = new WorkerApplication([.. EmulatedWeCom.Settings(_weCom, SuiteId).Select(s => (s.Key, s.Value)), ("Admin:ApiKeys:0", Key), ("Channels:DirectoryRefreshInterval", "00:00:00")]);
        _client = _app.CreateClient();
        _client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        var permanentCode = await _weCom.AuthorizeAsync(_corpId);
        await _app.Services.GetRequiredService<IAuthorizationStore>().SaveAsync(new CorpAuthorization(_corpId, SuiteId, permanentCode, null, DateTimeOffset.UtcNow), CancellationToken.None);
        await _app.Services.PushSuiteTicketAsync(SuiteId, DateTimeOffset.UtcNow);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _weCom.DisposeAsync();
    }

    [Fact]
    public async Task A_channel_is_a_WeCom_contact_way_with_its_state_and_owners_and_its_QR_image_URL_is_returned()
    {
        var created = await CreateAsync(new { name = "抖音-春季", state = "dy-spring", owners = new[] { "zhangsan", "lisi" }, campaign = "春季", medium = "抖音", remark = "春季投放" });

        var way = Assert.Single((await _weCom.StateAsync()).ContactWays, w => w.Corpid == _corpId);
        Assert.Equal("dy-spring", way.State);
        var request = Assert.Single(await _weCom.CallsAsync("externalcontact/add_contact_way")).Body<JsonElement>();
        Assert.Equal(2, request.GetProperty("type").GetInt32());
        Assert.Equal(2, request.GetProperty("scene").GetInt32());
        Assert.Equal(["zhangsan", "lisi"], request.GetProperty("user").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal("https://wework.qpic.cn/wwpic/emulator/" + way.ConfigId, created.GetProperty("qrCode").GetString());
        Assert.Equal(way.ConfigId, created.GetProperty("configId").GetString());
        using var list = await _client.GetAsync($"/admin/corps/{_corpId}/channels");
        Assert.Equal(["抖音-春季"], (await list.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task An_update_changes_the_contact_way_at_WeCom_and_a_delete_removes_it_but_the_state_never_changes()
    {
        var id = (await CreateAsync(new { name = "包裹卡", state = "parcel", owners = new[] { "zhangsan" } })).GetProperty("id").GetString();

        using var renamed = await _client.PutAsJsonAsync($"/admin/corps/{_corpId}/channels/{id}", new { name = "包裹卡-618", owners = new[] { "lisi" }, remark = "618" });
        using var restated = await _client.PutAsJsonAsync($"/admin/corps/{_corpId}/channels/{id}", new { name = "包裹卡-618", state = "other", owners = new[] { "lisi" } });
        var update = Assert.Single(await _weCom.CallsAsync("externalcontact/update_contact_way")).Body<JsonElement>();
        using var deleted = await _client.DeleteAsync($"/admin/corps/{_corpId}/channels/{id}");
        using var gone = await _client.GetAsync($"/admin/corps/{_corpId}/channels/{id}");

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("包裹卡-618", (await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());
        Assert.Equal(["lisi"], update.GetProperty("user").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(HttpStatusCode.Conflict, restated.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.DoesNotContain((await _weCom.StateAsync()).ContactWays, w => w.Corpid == _corpId);
    }

    [Theory]
    [InlineData("{\"name\":\"a\",\"state\":\"0123456789012345678901234567890\",\"owners\":[\"zhangsan\"]}", "state is at most 30")]
    [InlineData("{\"name\":\"a\",\"owners\":[]}", "owners lists 1 to 100")]
    [InlineData("{\"name\":\"a\",\"owners\":[\"zhangsan\",\"lisi\"],\"expiresInSeconds\":3600}", "one owner, at most 14 days")]
    [InlineData("{\"name\":\"a\",\"owners\":[\"zhangsan\"],\"remark\":\"0123456789012345678901234567890\"}", "remark is at most 30")]
    public async Task WeComs_limits_are_checked_before_anything_is_created(string body, string error)
    {
        using var response = await _client.PostAsync($"/admin/corps/{_corpId}/channels", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(error, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await _weCom.CallsAsync("externalcontact/add_contact_way"));
    }

    [Fact]
    public async Task A_name_or_state_taken_is_a_conflict_and_a_corp_without_a_grant_is_404()
    {
        await CreateAsync(new { name = "抖音-春季", state = "dy-spring", owners = new[] { "zhangsan" } });

        using var sameState = await _client.PostAsJsonAsync($"/admin/corps/{_corpId}/channels", new { name = "x", state = "dy-spring", owners = new[] { "zhangsan" } });
        using var notInstalled = await _client.GetAsync("/admin/corps/wwnotinstalled0001/channels");

        Assert.Equal(HttpStatusCode.Conflict, sameState.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notInstalled.StatusCode);
        Assert.Equal("not_authorized", (await notInstalled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Stats_count_the_adds_and_deletes_through_the_channel_per_day_and_per_employee_with_a_CSV_export()
    {
        var id = (await CreateAsync(new { name = "抖音-春季", state = "dy-spring", owners = new[] { "zhangsan" } })).GetProperty("id").GetString();
        var day = new DateTimeOffset(2026, 3, 2, 10, 0, 0, China);
        var bus = _app.Services.GetRequiredService<IBus>();
        await bus.Publish(Added("k1", "zhangsan", "wm1", "dy-spring", day));
        await bus.Publish(Added("k1", "zhangsan", "wm1", "dy-spring", day)); // WeCom's retry after a lost answer
        await bus.Publish(Added("k2", "lisi", "wm2", "dy-spring", day.AddDays(1)));
        await bus.Publish(DeletedByCustomer("k3", "zhangsan", "wm1", day.AddHours(2)));
        await bus.Publish(Added("k4", "lisi", "wm1", "dy-spring", day.AddHours(3)));

        var byDay = await StatsWhenAsync(id!, "from=2026-03-01&to=2026-03-03&by=day", s => s.GetProperty("totals").GetProperty("adds").GetInt64() == 3 && s.GetProperty("totals").GetProperty("lost").GetInt64() == 1);
        var byEmployee = await StatsAsync(id!, "from=2026-03-01&to=2026-03-03&by=employee");
        var csv = await _client.GetStringAsync($"/admin/corps/{_corpId}/channels/{id}/stats?from=2026-03-01&to=2026-03-03&format=csv");

        Assert.Equal(["2026-03-02", "2026-03-03"], byDay.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("day").GetString()));
        var first = byDay.GetProperty("rows")[0];
        Assert.Equal((2, 1, 1, 1, 1), (first.GetProperty("adds").GetInt64(), first.GetProperty("firstAdds").GetInt64(), first.GetProperty("reAdds").GetInt64(), first.GetProperty("deletedByCustomer").GetInt64(), first.GetProperty("netRetained").GetInt64()));
        Assert.Equal(["lisi", "zhangsan"], byEmployee.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("userId").GetString()));
        Assert.Equal(
            "day,adds,first_adds,re_adds,deleted_by_customer,deleted_by_employee,lost,net_retained\n2026-03-02,2,1,1,1,0,1,1\n2026-03-03,1,1,0,0,0,0,1\ntotal,3,2,1,1,0,1,2\n",
            csv.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task The_daily_reconciliation_stores_WeComs_figures_and_the_stats_show_the_difference()
    {
        var id = (await CreateAsync(new { name = "抖音-春季", state = "dy-spring", owners = new[] { "zhangsan" } })).GetProperty("id").GetString();
        var at = new DateTimeOffset(2026, 3, 2, 10, 0, 0, China);
        var bus = _app.Services.GetRequiredService<IBus>();
        await bus.Publish(Added("k1", "zhangsan", "wm1", "dy-spring", at));
        await bus.Publish(Added("k2", "zhangsan", "wm2", null, at));
        await StatsWhenAsync(id!, "from=2026-03-02&to=2026-03-02", s => s.GetProperty("totals").GetProperty("adds").GetInt64() == 1);
        await _weCom.SeedExistingCustomersAsync(_corpId, 1, ["zhangsan"]);
        await _weCom.SetBehaviorAsync(_corpId, "zhangsan", new DateOnly(2026, 3, 2), newContacts: 3, negativeFeedback: 1);

        var reconciled = await _app.Services.GetRequiredService<ChannelReconciliation>().ReconcileAsync(_corpId, new DateOnly(2026, 3, 2), CancellationToken.None);
        var again = await _app.Services.GetRequiredService<ChannelReconciliation>().ReconcileAsync(_corpId, new DateOnly(2026, 3, 2), CancellationToken.None);
        var stats = await StatsAsync(id!, "from=2026-03-02&to=2026-03-02");

        Assert.True(reconciled);
        Assert.False(again); // once per corp and day, whichever replica runs it
        var row = Assert.Single(stats.GetProperty("reconciliation").EnumerateArray());
        Assert.Equal("zhangsan", row.GetProperty("userId").GetString());
        Assert.Equal((2, 3, 0, 1), (row.GetProperty("gatewayAdds").GetInt64(), row.GetProperty("weComNewContacts").GetInt64(), row.GetProperty("gatewayDeletedByCustomer").GetInt64(), row.GetProperty("weComNegativeFeedback").GetInt64()));
        Assert.Equal(-1, row.GetProperty("addsDifference").GetInt64());
        Assert.Contains("gateway counted 2 adds and 0 deletions by the customer, WeCom 3 new contacts and 1 negative feedback", _app.LogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_add_through_a_channel_gets_its_tags_and_welcome_through_the_automation()
    {
        using var rules = await _client.PutAsync($"/admin/corps/{_corpId}/rules", new StringContent("""
            { "name": "t", "welcomeTemplates": [ { "id": "default", "text": "您好" }, { "id": "spring", "text": "春季专享" } ], "defaultWelcome": "default",
              "rules": [ { "id": "spring-rule", "when": { "event": "contact_added", "state": "抖音-春季" }, "then": { "addTags": [ { "group": "活动", "name": "春季" } ] } } ] }
            """, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(rules.IsSuccessStatusCode, await rules.Content.ReadAsStringAsync());
        await CreateAsync(new { name = "抖音-春季", state = "dy-spring", owners = new[] { "zhangsan" }, welcomeTemplateId = "spring", tags = new[] { new { group = "渠道", name = "抖音" } } });

        await _app.Services.GetRequiredService<IBus>().Publish(Added("k1", "zhangsan", "wm1", "dy-spring", DateTimeOffset.UtcNow) with { WelcomeCode = "WELCOME-1" });

        var customer = await Eventually.ValueAsync(
            async () => (await _weCom.StateAsync()).Customers.FirstOrDefault(c => c.ExternalUserid == "wm1" && c.FollowUsers.SelectMany(f => f.Tags).Count() >= 2),
            "the customer to be tagged",
            explain: () => Task.FromResult(_app.LogText()));
        var tags = customer.FollowUsers.SelectMany(f => f.Tags).Select(t => $"{t.GroupName}/{t.TagName}").ToList();
        Assert.Contains("渠道/抖音", tags);
        Assert.Contains("活动/春季", tags);
        var welcome = await Eventually.ValueAsync(async () => (await _weCom.StateAsync()).Welcomes.FirstOrDefault(w => w.WelcomeCode == "WELCOME-1"), "the welcome");
        Assert.Equal("春季专享", welcome.Text);
    }

    private async Task<JsonElement> CreateAsync(object body)
    {
        using var response = await _client.PostAsJsonAsync($"/admin/corps/{_corpId}/channels", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> StatsAsync(string id, string query)
    {
        using var response = await _client.GetAsync($"/admin/corps/{_corpId}/channels/{id}/stats?{query}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The stats once <paramref name="done"/> holds (the consumers work in the background).</summary>
    private async Task<JsonElement> StatsWhenAsync(string id, string query, Func<JsonElement, bool> done) =>
        (await Eventually.ValueAsync(
            async () => await StatsAsync(id, query) is var s && done(s) ? new Box(s) : null,
            "the stats to count every event",
            explain: () => Task.FromResult(_app.LogText()))).Value;

    private sealed record Box(JsonElement Value);

    private ExternalContactAdded Added(string key, string user, string customer, string? state, DateTimeOffset at) => new()
    {
        SuiteId = SuiteId, CorpId = _corpId, EventTime = at, ReceivedAt = at, DedupeKey = key, UserId = user, ExternalUserId = customer, State = state,
    };

    private ExternalContactDeletedByCustomer DeletedByCustomer(string key, string user, string customer, DateTimeOffset at) => new()
    {
        SuiteId = SuiteId, CorpId = _corpId, EventTime = at, ReceivedAt = at, DedupeKey = key, UserId = user, ExternalUserId = customer,
    };
}
