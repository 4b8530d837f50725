using System.Net;
using System.Text.Json;
using WeComGateway.Cli.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace WeComGateway.Cli.Tests;

/// <summary><c>wecomgw channels …</c> against a stub of the admin API.</summary>
public sealed class ChannelsCommandTests : IDisposable
{
    private const string Key = "admin-key-0123456789-0123456789-abcdef";
    private const string Channels = "/admin/corps/wwcorp0001/channels";

    private static readonly object Channel = new
    {
        id = "ch0123456789", name = "抖音-春季", state = "dy-spring", configId = "cfg1", qrCode = "https://wework.qpic.cn/wwpic/cfg1", campaign = "春季",
        medium = "抖音", owners = new[] { "zhangsan", "lisi" }, welcomeTemplateId = "spring", tags = new[] { new { group = "渠道", name = "抖音" } },
        skipVerify = true, remark = (string?)null,
    };

    private readonly WireMockServer _admin = WireMockServer.Start();

    public void Dispose() => _admin.Dispose();

    [Fact]
    public async Task Create_sends_the_channel_and_prints_its_state_and_QR_code()
    {
        _admin.Given(Request.Create().WithPath(Channels).UsingPost().WithHeader("X-Api-Key", Key))
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.Created).WithBodyAsJson(Channel));

        var result = await Run("channels", "create", "--corp-id", "wwcorp0001", "--name", "抖音-春季", "--state", "dy-spring", "--owner", "zhangsan", "--owner", "lisi",
            "--campaign", "春季", "--tag", "渠道/抖音", "--welcome", "spring");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("state dy-spring", result.Output, StringComparison.Ordinal);
        Assert.Contains("https://wework.qpic.cn/wwpic/cfg1", result.Output, StringComparison.Ordinal);
        using var sent = JsonDocument.Parse(Assert.Single(_admin.LogEntries).RequestMessage!.Body!);
        Assert.Equal(["zhangsan", "lisi"], sent.RootElement.GetProperty("owners").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal("渠道", sent.RootElement.GetProperty("tags")[0].GetProperty("group").GetString());
        Assert.True(sent.RootElement.GetProperty("skipVerify").GetBoolean());
    }

    [Fact]
    public async Task List_prints_a_table_of_the_channels()
    {
        _admin.Given(Request.Create().WithPath(Channels).UsingGet()).RespondWith(Response.Create().WithBodyAsJson(new[] { Channel }));

        var result = await Run("channels", "list", "--corp-id", "wwcorp0001");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("dy-spring", result.Output, StringComparison.Ordinal);
        Assert.Contains("zhangsan, lisi", result.Output, StringComparison.Ordinal);
        Assert.Contains("1 channels", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_keeps_what_is_not_given_and_the_state()
    {
        _admin.Given(Request.Create().WithPath(Channels + "/ch0123456789").UsingGet()).RespondWith(Response.Create().WithBodyAsJson(Channel));
        _admin.Given(Request.Create().WithPath(Channels + "/ch0123456789").UsingPut()).RespondWith(Response.Create().WithBodyAsJson(Channel));

        var result = await Run("channels", "update", "--corp-id", "wwcorp0001", "ch0123456789", "--owner", "wangwu");

        Assert.Equal(0, result.ExitCode);
        using var sent = JsonDocument.Parse(_admin.LogEntries.Single(e => e.RequestMessage!.Method == "PUT").RequestMessage!.Body!);
        Assert.Equal(["wangwu"], sent.RootElement.GetProperty("owners").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal("抖音-春季", sent.RootElement.GetProperty("name").GetString());
        Assert.Equal("dy-spring", sent.RootElement.GetProperty("state").GetString());
        Assert.Equal("spring", sent.RootElement.GetProperty("welcomeTemplateId").GetString());
    }

    [Fact]
    public async Task Stats_print_a_table_with_the_reconciliation_or_the_CSV_as_the_admin_API_gives_it()
    {
        _admin.Given(Request.Create().WithPath(Channels + "/ch0123456789/stats").WithParam("format", "csv").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "text/csv").WithBody("day,adds\n2026-03-02,2\n"));
        _admin.Given(Request.Create().WithPath(Channels + "/ch0123456789/stats").WithParam("by", "employee").UsingGet())
            .RespondWith(Response.Create().WithBodyAsJson(new
            {
                name = "抖音-春季", state = "dy-spring", from = "2026-03-01", to = "2026-03-07", by = "employee",
                totals = Row(null, null, 3), rows = new[] { Row(null, "lisi", 1), Row(null, "zhangsan", 2) },
                reconciliation = new[] { new { day = "2026-03-02", userId = "zhangsan", gatewayAdds = 2, weComNewContacts = 3, gatewayDeletedByCustomer = 0, weComNegativeFeedback = 0 } },
            }));

        var table = await Run("channels", "stats", "--corp-id", "wwcorp0001", "ch0123456789", "--by", "employee");
        var csv = await Run("channels", "stats", "--corp-id", "wwcorp0001", "ch0123456789", "--csv");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("zhangsan", table.Output, StringComparison.Ordinal);
        Assert.Contains("against WeCom", table.Output, StringComparison.Ordinal);
        Assert.Equal(0, csv.ExitCode);
        Assert.Equal("day,adds\n2026-03-02,2\n", csv.Output);
    }

    [Fact]
    public async Task A_refusal_shows_the_admin_APIs_reason_and_a_bad_tag_is_a_usage_error()
    {
        _admin.Given(Request.Create().WithPath(Channels).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.Conflict).WithHeader("Content-Type", "application/problem+json")
                .WithBody("""{"title":"conflict","detail":"another channel of the corp has this name or state","status":409}"""));

        var refused = await Run("channels", "create", "--corp-id", "wwcorp0001", "--name", "x", "--owner", "zhangsan");
        var badTag = await Run("channels", "create", "--corp-id", "wwcorp0001", "--name", "x", "--owner", "zhangsan", "--tag", "noslash");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("conflict: another channel of the corp has this name or state", refused.Error, StringComparison.Ordinal);
        Assert.Equal(2, badTag.ExitCode);
    }

    private Task<CliResult> Run(params string[] args) =>
        CliRun.RunAsync(new Dictionary<string, string> { ["WECOMGW_ADMIN_API_KEY"] = Key }, [.. args, "--admin-url", _admin.Url!]);

    private static object Row(string? day, string? userId, long adds) => new
    {
        day, userId, adds, firstAdds = adds, reAdds = 0, deletedByCustomer = 0, deletedByEmployee = 0, lost = 0, netRetained = adds,
    };
}
