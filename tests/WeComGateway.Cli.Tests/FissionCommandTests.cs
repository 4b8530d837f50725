using System.Net;
using System.Text.Json;
using WeComGateway.Cli.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace WeComGateway.Cli.Tests;

/// <summary><c>wecomgw fission …</c> against a stub of the admin API.</summary>
public sealed class FissionCommandTests : IDisposable
{
    private const string Key = "admin-key-0123456789-0123456789-abcdef";
    private const string Campaigns = "/admin/corps/wwcorp0001/fission/campaigns";

    private static readonly object Campaign = new
    {
        id = "spring", name = "春季裂变", statePrefix = "fis-", goal = 3, reward = "礼盒", employees = new[] { "zhangsan", "lisi" },
        startsAt = "2026-12-01T00:00:00+00:00", endsAt = "2026-12-15T00:00:00+00:00", deleteWindowMinutes = 30, createdAt = "2026-12-01T00:00:00+00:00",
    };

    private readonly WireMockServer _admin = WireMockServer.Start();

    public void Dispose() => _admin.Dispose();

    [Fact]
    public async Task Create_sends_the_campaign_with_its_end_and_window_and_prints_it()
    {
        _admin.Given(Request.Create().WithPath(Campaigns).UsingPost().WithHeader("X-Api-Key", Key))
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.Created).WithBodyAsJson(Campaign));

        var result = await Run("fission", "create", "--id", "spring", "--name", "春季裂变", "--prefix", "fis-", "--goal", "3", "--reward", "礼盒",
            "--employee", "zhangsan", "--employee", "lisi", "--ends", "14d", "--delete-window", "30m");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("created campaign spring (春季裂变): states fis-…, goal 3, ends 2026-12-15 00:00:00Z, delete window 30 min", result.Output, StringComparison.Ordinal);
        using var sent = JsonDocument.Parse(Assert.Single(_admin.LogEntries).RequestMessage!.Body!);
        var body = sent.RootElement;
        Assert.Equal(("spring", "春季裂变", "fis-", 3, "礼盒", 30), (Text(body, "id"), Text(body, "name"), Text(body, "statePrefix"), body.GetProperty("goal").GetInt32(), Text(body, "reward"), body.GetProperty("deleteWindowMinutes").GetInt32()));
        Assert.Equal(["zhangsan", "lisi"], body.GetProperty("employees").EnumerateArray().Select(e => e.GetString()));
        Assert.False(body.TryGetProperty("startsAt", out _)); // the gateway starts it, on its own clock
        Assert.InRange(body.GetProperty("endsAt").GetDateTimeOffset() - DateTimeOffset.UtcNow, TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(14));
    }

    [Fact]
    public async Task List_prints_a_table_of_the_campaigns()
    {
        _admin.Given(Request.Create().WithPath(Campaigns).UsingGet()).RespondWith(Response.Create().WithBodyAsJson(new[] { Campaign }));

        var result = await Run("fission", "list");

        Assert.Equal(0, result.ExitCode);
        var row = Assert.Single(result.Output.Split('\n'), l => l.Contains("spring", StringComparison.Ordinal));
        foreach (var cell in new[] { "春季裂变", "fis-", "3", "礼盒", "zhangsan,lisi", "2026-12-15 00:00:00Z", "30" })
        {
            Assert.Contains(cell, row, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Join_posts_the_participant_and_prints_their_state_and_poster()
    {
        _admin.Given(Request.Create().WithPath(Campaigns + "/spring/participants").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.Created).WithBodyAsJson(Participant("wmBobFriend000002", "fis-ab12cd34", "wmAliceSeed000001", 1, "invited", 0)));

        var result = await Run("fission", "join", "spring", "wmBobFriend000002");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("participant wmBobFriend000002 (invited, invited by wmAliceSeed000001)", result.Output, StringComparison.Ordinal);
        Assert.Contains("state   fis-ab12cd34", result.Output, StringComparison.Ordinal);
        Assert.Contains("poster  https://wework.qpic.cn/wwpic/fis-ab12cd34", result.Output, StringComparison.Ordinal);
        using var sent = JsonDocument.Parse(Assert.Single(_admin.LogEntries).RequestMessage!.Body!);
        Assert.Equal("wmBobFriend000002", Text(sent.RootElement, "externalUserId"));
    }

    [Fact]
    public async Task Leaderboard_asks_for_the_top_n_and_prints_a_ranked_table()
    {
        _admin.Given(Request.Create().WithPath(Campaigns + "/spring/leaderboard").WithParam("top", "2").UsingGet())
            .RespondWith(Response.Create().WithBodyAsJson(new[]
            {
                Participant("wmAliceSeed000001", "fis-alice001", null, 0, "seed", 3, goalReached: true),
                Participant("wmBobFriend000002", null, "wmAliceSeed000001", 1, "invited", 1),
            }));

        var result = await Run("fission", "leaderboard", "spring", "--top", "2");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n');
        var alice = Assert.Single(lines, l => l.Contains("wmAliceSeed000001", StringComparison.Ordinal) && l.Contains("reached", StringComparison.Ordinal));
        Assert.Contains("fis-alice001", alice, StringComparison.Ordinal);
        Assert.Matches(@"\b1\b.*wmAliceSeed000001.*\b3\b", alice);
        Assert.Matches(@"\b2\b.*wmBobFriend000002.*\b1\b.*wmAliceSeed000001", Assert.Single(lines, l => l.Contains("wmBobFriend000002", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("fission", "create", "--name", "x", "--prefix", "fis-", "--employee", "zhangsan", "--delete-window", "30x")]
    [InlineData("fission", "create", "--name", "x", "--prefix", "fis-", "--employee", "zhangsan", "--ends", "soon")]
    [InlineData("fission", "create", "--name", "x", "--prefix", "fis-", "--employee", "zhangsan", "--goal", "0")]
    [InlineData("fission", "create", "--name", "x", "--prefix", "fis-")]
    [InlineData("fission", "leaderboard", "spring", "--top", "1001")]
    [InlineData("fission", "join", "spring")]
    public async Task Bad_arguments_are_usage_errors_and_nothing_is_sent(params string[] args)
    {
        var result = await Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.NotEmpty(result.Error);
        Assert.Empty(_admin.LogEntries);
    }

    [Fact]
    public async Task A_missing_api_key_is_a_usage_error()
    {
        var result = await CliRun.RunAsync("fission", "list", "--corp-id", "wwcorp0001", "--admin-url", _admin.Url!);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--api-key", result.Error, StringComparison.Ordinal);
        Assert.Empty(_admin.LogEntries);
    }

    [Fact]
    public async Task A_refusal_shows_the_admin_APIs_reason_and_exits_1()
    {
        _admin.Given(Request.Create().WithPath(Campaigns + "/spring/participants").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.BadGateway).WithHeader("Content-Type", "application/problem+json")
                .WithBody("""{"title":"wecom_refused","detail":"WeCom refused externalcontact/add_contact_way: errcode 41054 (user not active).","status":502}"""));

        var result = await Run("fission", "join", "spring", "wmAliceSeed000001");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the admin API answered 502 (wecom_refused: WeCom refused externalcontact/add_contact_way: errcode 41054", result.Error, StringComparison.Ordinal);
    }

    private Task<CliResult> Run(params string[] args) =>
        CliRun.RunAsync(new Dictionary<string, string> { ["WECOMGW_ADMIN_API_KEY"] = Key, ["WECOMGW_CORP_ID"] = "wwcorp0001" }, [.. args, "--admin-url", _admin.Url!]);

    private static string? Text(JsonElement e, string name) => e.GetProperty(name).GetString();

    private static object Participant(string id, string? state, string? inviter, int depth, string source, long credited, bool goalReached = false) => new
    {
        campaignId = "spring", externalUserId = id, state, posterUrl = state is null ? null : "https://wework.qpic.cn/wwpic/" + state, inviter, depth, source,
        credited, level2 = 1, level3 = 0, goalReached, joinedAt = "2026-12-01T00:00:00+00:00",
    };
}
