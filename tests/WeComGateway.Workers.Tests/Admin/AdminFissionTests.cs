using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Testing;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.Workers.Tests.Customers.Support;
using WeComGateway.Workers.Tests.Support;

namespace WeComGateway.Workers.Tests.Admin;

/// <summary>
/// Fission campaigns through the admin API on the worker host (in-memory bus and stores), WeCom played by the emulator
/// over HTTP: campaigns, participants with their state and poster (add_contact_way), the leaderboard, refusals.
/// </summary>
public sealed partial class AdminFissionTests
{
    private const string Key = "admin-key-0123456789-0123456789-abcdef";
    private const string SuiteId = "wwsuiteadmin00001";
    private const string AddContactWay = "externalcontact/add_contact_way";
    private const string Alice = "wmAliceSeed000001";

    [Fact]
    public async Task A_campaign_is_created_listed_and_shown_and_its_id_and_start_default()
    {
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);
        var corpId = await InstallAsync(app, weCom);
        var ends = new DateTimeOffset(2027, 1, 31, 16, 0, 0, TimeSpan.Zero);

        using var created = await client.PostAsJsonAsync(Campaigns(corpId), new
        {
            id = "spring", name = "春季裂变", statePrefix = "fis-", goal = 3, reward = "礼盒一份", employees = new[] { "zhangsan", "lisi", "zhangsan" },
            startsAt = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), endsAt = ends, deleteWindowMinutes = 30,
        });
        using var fresh = await client.PostAsJsonAsync(Campaigns(corpId), new { name = "冬季", statePrefix = "win-", goal = 1, employees = new[] { "wangwu" }, endsAt = ends });
        using var again = await client.PostAsJsonAsync(Campaigns(corpId), new { id = "spring", name = "x", statePrefix = "other-", goal = 1, employees = new[] { "wangwu" }, endsAt = ends });
        using var unknown = await client.GetAsync(Campaigns(corpId) + "/nosuch");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/admin/corps/{corpId}/fission/campaigns/spring", created.Headers.Location?.OriginalString);
        var spring = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("春季裂变", "fis-", 3, "礼盒一份", 30), (Text(spring, "name"), Text(spring, "statePrefix"), spring.GetProperty("goal").GetInt32(), Text(spring, "reward"), spring.GetProperty("deleteWindowMinutes").GetInt32()));
        Assert.Equal(["zhangsan", "lisi"], spring.GetProperty("employees").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(ends, spring.GetProperty("endsAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.Created, fresh.StatusCode);
        var winter = await fresh.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Matches(FreshCampaignId(), Text(winter, "id"));
        Assert.InRange(winter.GetProperty("startsAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
        Assert.Equal((HttpStatusCode.Conflict, "campaign_exists"), (again.StatusCode, await TitleAsync(again)));
        Assert.Equal((HttpStatusCode.NotFound, "no_campaign"), (unknown.StatusCode, await TitleAsync(unknown)));

        var list = await client.GetFromJsonAsync<JsonElement>(Campaigns(corpId));
        var shown = await client.GetFromJsonAsync<JsonElement>(Campaigns(corpId) + "/spring");
        Assert.Equal(["spring", Text(winter, "id")], list.EnumerateArray().Select(c => Text(c, "id"))); // in the order created
        Assert.Equal(spring.GetRawText(), shown.GetRawText());
        Assert.Equal(0, await weCom.CountAsync(AddContactWay)); // a campaign alone makes no contact way
    }

    [Fact]
    public async Task Invalid_campaigns_are_refused_field_by_field_and_a_state_prefix_in_use_is_a_conflict()
    {
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);
        var corpId = await InstallAsync(app, weCom);
        var ends = DateTimeOffset.UtcNow.AddDays(14);
        (await client.PostAsJsonAsync(Campaigns(corpId), new { id = "spring", name = "春季", statePrefix = "fis-", goal = 3, employees = new[] { "zhangsan" }, endsAt = ends })).EnsureSuccessStatusCode();
        var tooMany = Enumerable.Range(1, 101).Select(i => $"user{i:000}").ToArray();
        var cases = new (string Field, object Body)[]
        {
            ("id", new { id = "Spring!", name = "x", statePrefix = "a-", goal = 1, employees = new[] { "zhangsan" }, endsAt = ends }),
            ("id", new { id = "-spring", name = "x", statePrefix = "b-", goal = 1, employees = new[] { "zhangsan" }, endsAt = ends }),
            ("goal", new { name = "x", statePrefix = "c-", goal = 0, employees = new[] { "zhangsan" }, endsAt = ends }),
            ("employees", new { name = "x", statePrefix = "d-", goal = 1, employees = tooMany, endsAt = ends }),
            ("employees", new { name = "x", statePrefix = "e-", goal = 1, employees = Array.Empty<string>(), endsAt = ends }),
            ("statePrefix", new { name = "x", statePrefix = new string('p', 25), goal = 1, employees = new[] { "zhangsan" }, endsAt = ends }),
            ("statePrefix", new { name = "x", statePrefix = "fis:", goal = 1, employees = new[] { "zhangsan" }, endsAt = ends }),
            ("endsAt", new { name = "x", statePrefix = "f-", goal = 1, employees = new[] { "zhangsan" }, startsAt = ends, endsAt = ends.AddDays(-1) }),
            ("deleteWindowMinutes", new { name = "x", statePrefix = "g-", goal = 1, employees = new[] { "zhangsan" }, endsAt = ends, deleteWindowMinutes = 43_201 }),
        };

        foreach (var (field, body) in cases)
        {
            using var response = await client.PostAsJsonAsync(Campaigns(corpId), body);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{field}: {response.StatusCode}");
            var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.Equal([field], errors.EnumerateObject().Select(e => e.Name));
        }

        using var longestPrefix = await client.PostAsJsonAsync(Campaigns(corpId), new { id = "longest", name = "x", statePrefix = new string('p', 24), goal = 1, employees = new[] { "zhangsan" }, endsAt = ends });
        using var clash = await client.PostAsJsonAsync(Campaigns(corpId), new { id = "autumn", name = "秋季", statePrefix = "fis-", goal = 1, employees = new[] { "zhangsan" }, endsAt = ends });
        Assert.Equal(HttpStatusCode.Created, longestPrefix.StatusCode);
        Assert.Equal((HttpStatusCode.Conflict, "prefix_taken"), (clash.StatusCode, await TitleAsync(clash)));
        Assert.Equal(["spring", "longest"], (await client.GetFromJsonAsync<JsonElement>(Campaigns(corpId))).EnumerateArray().Select(c => Text(c, "id")));
    }

    [Fact]
    public async Task A_participant_joins_with_a_personal_state_and_poster_and_joining_again_returns_the_same()
    {
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);
        var corpId = await InstallAsync(app, weCom);
        const string name = "春季裂变活动·邀请三位好友添加顾问即可领取精美礼盒一份先到先得，限时活动";
        await CreateAsync(client, corpId, new { id = "spring", name, statePrefix = "fis-", goal = 3, employees = new[] { "zhangsan", "lisi" }, endsAt = DateTimeOffset.UtcNow.AddDays(14) });

        using var joined = await client.PostAsJsonAsync(Participants(corpId, "spring"), new { externalUserId = Alice });
        using var rejoined = await client.PostAsJsonAsync(Participants(corpId, "spring"), new { externalUserId = Alice });
        var shown = await client.GetFromJsonAsync<JsonElement>($"{Participants(corpId, "spring")}/{Alice}");

        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        Assert.Equal($"/admin/corps/{corpId}/fission/campaigns/spring/participants/{Alice}", joined.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, rejoined.StatusCode);
        var first = await joined.Content.ReadFromJsonAsync<JsonElement>();
        var second = await rejoined.Content.ReadFromJsonAsync<JsonElement>();
        var state = Text(first, "state");
        Assert.Matches(SeedState(), state); // the prefix and eight code characters: 12 of WeCom's 30
        Assert.Equal((state, Text(first, "posterUrl")), (Text(second, "state"), Text(second, "posterUrl")));
        Assert.Equal((state, "seed", 0, 0L, false), (Text(shown, "state"), Text(shown, "source"), shown.GetProperty("depth").GetInt32(), shown.GetProperty("credited").GetInt64(), shown.GetProperty("goalReached").GetBoolean()));
        var way = Assert.Single((await weCom.StateAsync()).ContactWays, w => w.Corpid == corpId);
        Assert.Equal(state, way.State);
        Assert.Equal("https://wework.qpic.cn/wwpic/emulator/" + way.ConfigId, Text(first, "posterUrl"));
        var made = Assert.Single(await weCom.RequestsAsync<AddContactWayRequest>(AddContactWay)); // joining again made none
        Assert.Equal((2, 2, state, true, name[..30]), (made.Type, made.Scene, made.State, made.SkipVerify, made.Remark));
        Assert.Equal(["zhangsan", "lisi"], made.User);
    }

    [Fact]
    public async Task A_single_employee_campaign_makes_single_member_codes_and_bad_participants_or_campaigns_are_refused()
    {
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);
        var corpId = await InstallAsync(app, weCom);
        await CreateAsync(client, corpId, new { id = "solo", name = "单人", statePrefix = "solo_", goal = 1, employees = new[] { "wangwu" }, endsAt = DateTimeOffset.UtcNow.AddDays(14) });

        using var joined = await client.PostAsJsonAsync(Participants(corpId, "solo"), new { externalUserId = Alice });
        using var badId = await client.PostAsJsonAsync(Participants(corpId, "solo"), new { externalUserId = "not a customer!" });
        using var noCampaign = await client.PostAsJsonAsync(Participants(corpId, "nosuch"), new { externalUserId = Alice });
        using var noParticipant = await client.GetAsync($"{Participants(corpId, "solo")}/wmNobody000000009");

        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        var made = Assert.Single(await weCom.RequestsAsync<AddContactWayRequest>(AddContactWay));
        Assert.Equal(1, made.Type);
        Assert.Equal(["wangwu"], made.User);
        Assert.StartsWith("solo_", made.State, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Contains("externalUserId", await badId.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.NotFound, "no_campaign"), (noCampaign.StatusCode, await TitleAsync(noCampaign)));
        Assert.Equal((HttpStatusCode.NotFound, "no_participant"), (noParticipant.StatusCode, await TitleAsync(noParticipant)));
    }

    [Fact]
    public async Task WeCom_refusing_add_contact_way_is_a_502_with_its_errcode_and_asking_again_makes_the_poster_for_the_same_state()
    {
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);
        var corpId = await InstallAsync(app, weCom);
        await CreateAsync(client, corpId, new { id = "spring", name = "春季", statePrefix = "fis-", goal = 3, employees = new[] { "zhangsan" }, endsAt = DateTimeOffset.UtcNow.AddDays(14) });
        await weCom.FailAsync(AddContactWay, 41054, corpId: corpId); // the employee is not activated / real-name verified

        using var refused = await client.PostAsJsonAsync(Participants(corpId, "spring"), new { externalUserId = Alice });
        var between = await client.GetFromJsonAsync<JsonElement>($"{Participants(corpId, "spring")}/{Alice}");
        using var retried = await client.PostAsJsonAsync(Participants(corpId, "spring"), new { externalUserId = Alice });

        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("wecom_refused", Text(problem, "title"));
        Assert.Contains("errcode 41054", Text(problem, "detail"), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, between.GetProperty("posterUrl").ValueKind); // the state is kept, without a poster
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var participant = await retried.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Text(between, "state"), Text(participant, "state"));
        var way = Assert.Single((await weCom.StateAsync()).ContactWays, w => w.Corpid == corpId);
        Assert.Equal((Text(between, "state"), "https://wework.qpic.cn/wwpic/emulator/" + way.ConfigId), (way.State, Text(participant, "posterUrl")));
        Assert.Equal(2, await weCom.CountAsync(AddContactWay));
    }

    [Fact]
    public async Task The_leaderboard_shows_participants_credited_through_the_bus_best_first()
    {
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);
        var corpId = await InstallAsync(app, weCom);
        await CreateAsync(client, corpId, new { id = "spring", name = "春季", statePrefix = "fis-", goal = 2, reward = "礼盒", employees = new[] { "zhangsan" }, endsAt = DateTimeOffset.UtcNow.AddDays(14) });
        var aliceState = Text(await JoinAsync(client, corpId, "spring", Alice), "state");
        var bus = app.Services.GetRequiredService<IBus>();
        var at = DateTimeOffset.UtcNow;
        await bus.Publish(CustomerEvents.Added(corpId, "wmBobFriend000002", at, state: aliceState));
        await bus.Publish(CustomerEvents.Added(corpId, "wmCarolFriend0003", at.AddSeconds(1), state: aliceState));

        var board = await Eventually.ValueAsync(
            async () => await client.GetFromJsonAsync<JsonElement>(Leaderboard(corpId, "spring")) is var b && b.GetArrayLength() == 3 && b[0].GetProperty("credited").GetInt64() == 2 ? new Box(b) : null,
            "both friends to be credited",
            explain: () => Task.FromResult(app.LogText()));
        var bobJoined = await JoinAsync(client, corpId, "spring", "wmBobFriend000002"); // invited: now with their own poster
        using var topOne = await client.GetAsync(Leaderboard(corpId, "spring") + "?top=1");
        using var zero = await client.GetAsync(Leaderboard(corpId, "spring") + "?top=0");
        using var tooMany = await client.GetAsync(Leaderboard(corpId, "spring") + "?top=1001");
        using var noCampaign = await client.GetAsync(Leaderboard(corpId, "nosuch"));

        var first = board.Value[0];
        Assert.Equal((Alice, 2L, true, aliceState), (Text(first, "externalUserId"), first.GetProperty("credited").GetInt64(), first.GetProperty("goalReached").GetBoolean(), Text(first, "state")));
        Assert.Equal(["wmCarolFriend0003", "wmBobFriend000002"], board.Value.EnumerateArray().Skip(1).Select(p => Text(p, "externalUserId"))); // ties: higher id first
        Assert.Equal(("invited", Alice, 1), (Text(bobJoined, "source"), Text(bobJoined, "inviter"), bobJoined.GetProperty("depth").GetInt32()));
        Assert.StartsWith("https://wework.qpic.cn/wwpic/emulator/", Text(bobJoined, "posterUrl"), StringComparison.Ordinal);
        Assert.Equal([Alice], (await topOne.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(p => Text(p, "externalUserId")));
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (zero.StatusCode, tooMany.StatusCode));
        Assert.Equal((HttpStatusCode.NotFound, "no_campaign"), (noCampaign.StatusCode, await TitleAsync(noCampaign)));
    }

    [Fact]
    public async Task A_corp_without_a_grant_or_uninstalled_is_refused_as_not_authorized()
    {
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);
        var corpId = await InstallAsync(app, weCom);
        await CreateAsync(client, corpId, new { id = "spring", name = "春季", statePrefix = "fis-", goal = 3, employees = new[] { "zhangsan" }, endsAt = DateTimeOffset.UtcNow.AddDays(14) });
        await app.Services.GetRequiredService<IAuthorizationStore>().RemoveGrantAsync(corpId, SuiteId, default); // cancel_auth

        using var notInstalled = await client.PostAsJsonAsync(Campaigns("wwnotinstalled0001"), new { name = "x", statePrefix = "x-", goal = 1, employees = new[] { "zhangsan" }, endsAt = DateTimeOffset.UtcNow.AddDays(1) });
        using var list = await client.GetAsync(Campaigns(corpId));
        using var join = await client.PostAsJsonAsync(Participants(corpId, "spring"), new { externalUserId = Alice });
        using var board = await client.GetAsync(Leaderboard(corpId, "spring"));

        foreach (var refused in new[] { notInstalled, list, join, board })
        {
            Assert.Equal((HttpStatusCode.NotFound, "not_authorized"), (refused.StatusCode, await TitleAsync(refused)));
        }

        Assert.Equal(0, await weCom.CountAsync(AddContactWay));
    }

    [Fact]
    public async Task Every_fission_endpoint_requires_an_admin_API_key()
    {
        await using var weCom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        await using var app = Host(weCom);
        using var client = Client(app);
        var corpId = await InstallAsync(app, weCom);
        using var anonymous = app.CreateClient();
        using var wrongKey = app.CreateClient();
        wrongKey.DefaultRequestHeaders.Add("X-Api-Key", "admin-key-not-configured-0123456789-abcdef");

        using var create = await anonymous.PostAsJsonAsync(Campaigns(corpId), new { id = "spring", name = "春季", statePrefix = "fis-", goal = 1, employees = new[] { "zhangsan" }, endsAt = DateTimeOffset.UtcNow.AddDays(1) });
        using var list = await wrongKey.GetAsync(Campaigns(corpId));
        using var join = await anonymous.PostAsJsonAsync(Participants(corpId, "spring"), new { externalUserId = Alice });
        using var board = await wrongKey.GetAsync(Leaderboard(corpId, "spring"));

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], new[] { create, list, join, board }.Select(r => r.StatusCode));
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>(Campaigns(corpId))).GetArrayLength()); // nothing was created
    }

    [GeneratedRegex("^c[a-z0-9]{9}$")]
    private static partial Regex FreshCampaignId();

    [GeneratedRegex("^fis-[a-z0-9]{8}$")]
    private static partial Regex SeedState();

    private sealed record Box(JsonElement Value);

    private static string Campaigns(string corpId) => $"/admin/corps/{corpId}/fission/campaigns";

    private static string Participants(string corpId, string campaignId) => $"{Campaigns(corpId)}/{campaignId}/participants";

    private static string Leaderboard(string corpId, string campaignId) => $"{Campaigns(corpId)}/{campaignId}/leaderboard";

    private static string? Text(JsonElement e, string name) => e.GetProperty(name).GetString();

    private static async Task<string?> TitleAsync(HttpResponseMessage response) => Text(await response.Content.ReadFromJsonAsync<JsonElement>(), "title");

    private static async Task CreateAsync(HttpClient client, string corpId, object body)
    {
        using var response = await client.PostAsJsonAsync(Campaigns(corpId), body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> JoinAsync(HttpClient client, string corpId, string campaignId, string externalUserId)
    {
        using var response = await client.PostAsJsonAsync(Participants(corpId, campaignId), new { externalUserId });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

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
