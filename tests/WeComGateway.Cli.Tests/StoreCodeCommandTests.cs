using System.Net;
using System.Text.Json;
using WeComGateway.Cli.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace WeComGateway.Cli.Tests;

/// <summary><c>wecomgw stores …</c> and <c>wecomgw groups …</c> against a stub of the admin API.</summary>
public sealed class StoreCodeCommandTests : IDisposable
{
    private const string Key = "admin-key-0123456789-0123456789-abcdef";
    private const string Corp = "/admin/corps/wwcorp0001";

    private readonly WireMockServer _admin = WireMockServer.Start();

    public void Dispose() => _admin.Dispose();

    [Fact]
    public async Task Stores_set_sends_the_store_with_its_employees_and_chats()
    {
        _admin.Given(Request.Create().WithPath(Corp + "/stores/jingan").UsingPut().WithHeader("X-Api-Key", Key))
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.OK).WithBodyAsJson(new { id = "jingan" }));

        var result = await Run("stores", "set", "--corp-id", "wwcorp0001", "jingan", "--name", "静安店", "--lat", "31.2234", "--lng", "121.4453",
            "--hours", "10:00-22:00", "--employee", "zhangsan", "--employee", "lisi", "--chat", "wrchat1");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Store jingan saved.", result.Output, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(Assert.Single(_admin.LogEntries).RequestMessage!.Body!);
        Assert.Equal(31.2234, body.RootElement.GetProperty("latitude").GetDouble());
        Assert.True(body.RootElement.GetProperty("open").GetBoolean());
        Assert.Equal("10:00-22:00", body.RootElement.GetProperty("hours").GetString());
        Assert.Equal(["zhangsan", "lisi"], body.RootElement.GetProperty("employees").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["wrchat1"], body.RootElement.GetProperty("chatIds").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Stores_resolve_shows_the_store_and_its_code_and_report_shows_the_counts()
    {
        _admin.Given(Request.Create().WithPath(Corp + "/store-campaigns/spring/resolve").WithParam("lat", "31.2304").WithParam("lng", "121.4737").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.OK).WithBodyAsJson(new
            {
                campaignId = "spring", storeId = "jingan", storeName = "静安店", distanceKm = 2.81, kind = "contact", state = "st:spring:jingan",
                configId = "cfg1", qrCode = "https://wework.qpic.cn/wwpic/cfg1",
            }));
        _admin.Given(Request.Create().WithPath(Corp + "/store-campaigns/spring").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.OK).WithBodyAsJson(new
            {
                campaign = new { id = "spring" },
                stores = new[] { new { storeId = "jingan", storeName = "静安店", state = "st:spring:jingan", resolved = 7, adds = 3, joins = 0, qrCode = "q" } },
            }));

        var resolve = await Run("stores", "resolve", "--corp-id", "wwcorp0001", "spring", "--lat", "31.2304", "--lng", "121.4737");
        var report = await Run("stores", "report", "--corp-id", "wwcorp0001", "spring");

        Assert.Equal(0, resolve.ExitCode);
        Assert.Contains("Store jingan (静安店), 2.81 km: contact code, state st:spring:jingan, QR https://wework.qpic.cn/wwpic/cfg1", resolve.Output, StringComparison.Ordinal);
        Assert.Equal(0, report.ExitCode);
        Assert.Matches(@"jingan\s*│\s*静安店\s*│\s*st:spring:jingan\s*│\s*7\s*│\s*3\s*│\s*0", report.Output);
    }

    [Fact]
    public async Task A_resolution_without_an_open_store_fails_with_the_admin_APIs_reason()
    {
        _admin.Given(Request.Create().WithPath(Corp + "/store-campaigns/spring/resolve").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.NotFound).WithHeader("Content-Type", "application/problem+json")
                .WithBody("""{"title":"no_open_store","detail":"No store of the campaign is open.","status":404}"""));

        var result = await Run("stores", "resolve", "--corp-id", "wwcorp0001", "spring", "--lat", "31.2", "--lng", "121.4");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the admin API answered 404 (no_open_store: No store of the campaign is open.)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Groups_join_ways_add_sends_the_way_and_shows_its_QR_code()
    {
        _admin.Given(Request.Create().WithPath(Corp + "/join-ways").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.Created).WithBodyAsJson(new { configId = "cfg9", qrCode = "https://wework.qpic.cn/join/cfg9" }));

        var result = await Run("groups", "join-ways", "add", "--corp-id", "wwcorp0001", "--chat", "wrchat1", "--chat", "wrchat2", "--state", "poster-7",
            "--auto-create-room", "--room-base-name", "福利群", "--room-base-id", "3");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Join way cfg9 made: QR https://wework.qpic.cn/join/cfg9", result.Output, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(Assert.Single(_admin.LogEntries).RequestMessage!.Body!);
        Assert.Equal(2, body.RootElement.GetProperty("scene").GetInt32());
        Assert.Equal(["wrchat1", "wrchat2"], body.RootElement.GetProperty("chatIds").EnumerateArray().Select(e => e.GetString()));
        Assert.True(body.RootElement.GetProperty("autoCreateRoom").GetBoolean());
        Assert.Equal(3, body.RootElement.GetProperty("roomBaseId").GetInt32());
    }

    [Fact]
    public async Task A_template_link_needs_both_title_and_url()
    {
        var result = await Run("groups", "templates", "add", "--corp-id", "wwcorp0001", "--name", "新人礼", "--link-title", "领取");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--link-title and --link-url", result.Error, StringComparison.Ordinal);
        Assert.Empty(_admin.LogEntries);
    }

    private Task<CliResult> Run(params string[] args) =>
        CliRun.RunAsync(new Dictionary<string, string> { ["WECOMGW_ADMIN_API_KEY"] = Key }, [.. args, "--admin-url", _admin.Url!]);
}
