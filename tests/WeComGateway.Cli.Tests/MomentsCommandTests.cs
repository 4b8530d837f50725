using System.Net;
using System.Text.Json;
using WeComGateway.Cli.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace WeComGateway.Cli.Tests;

/// <summary><c>wecomgw moments …</c> against a stub of the admin API.</summary>
public sealed class MomentsCommandTests : IDisposable
{
    private const string Key = "admin-key-0123456789-0123456789-abcdef";
    private const string Moments = "/admin/corps/wwcorp0001/moments";

    private static readonly object Moment = new
    {
        momentId = "spring-sale", status = "published", text = "春季新品上市",
        attachments = new[] { new { type = "link", mediaId = "COVER", title = "春季", url = "https://example.com/spring" } },
        tags = new[] { new { group = "客户等级", name = "VIP", id = "etVIP" } }, employees = new[] { "zhangsan" },
        jobId = "mjob01", taskStatus = 3, polls = 1, weComMomentId = "mom0001", invalidEmployees = new[] { "wangwu" }, invalidTagIds = Array.Empty<string>(),
        failureReason = (string?)null, errCode = (int?)null, createdBy = "ops", createdAt = "2026-12-07T02:00:00+00:00", updatedAt = "2026-12-07T02:00:05+00:00",
        finishedAt = "2026-12-07T02:00:05+00:00",
    };

    private readonly WireMockServer _admin = WireMockServer.Start();

    public void Dispose() => _admin.Dispose();

    [Fact]
    public async Task Create_sends_the_text_tags_employees_and_link_and_prints_the_id()
    {
        _admin.Given(Request.Create().WithPath(Moments).UsingPost().WithHeader("X-Api-Key", Key))
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.Created).WithBodyAsJson(new { momentId = "spring-sale", status = "pending" }));

        var result = await Run("moments", "create", "--id", "spring-sale", "--text", "春季新品上市", "--tag", "客户等级/VIP", "--employee", "zhangsan",
            "--link-title", "春季", "--link-url", "https://example.com/spring", "--link-media-id", "COVER");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("created moment spring-sale (pending)", result.Output, StringComparison.Ordinal);
        using var sent = JsonDocument.Parse(Assert.Single(_admin.LogEntries).RequestMessage!.Body!);
        var body = sent.RootElement;
        Assert.Equal(("spring-sale", "春季新品上市"), (body.GetProperty("id").GetString(), body.GetProperty("text").GetString()));
        Assert.Equal("客户等级/VIP", body.GetProperty("tags")[0].GetString());
        Assert.Equal("zhangsan", body.GetProperty("employees")[0].GetString());
        var link = Assert.Single(body.GetProperty("attachments").EnumerateArray());
        Assert.Equal(("link", "COVER", "春季", "https://example.com/spring"), (link.GetProperty("type").GetString(), link.GetProperty("mediaId").GetString(), link.GetProperty("title").GetString(), link.GetProperty("url").GetString()));
    }

    [Fact]
    public async Task A_refused_moment_prints_the_admin_APIs_field_errors_and_exits_1()
    {
        _admin.Given(Request.Create().WithPath(Moments).UsingPost()).RespondWith(Response.Create().WithStatusCode(HttpStatusCode.BadRequest)
            .WithHeader("Content-Type", "application/problem+json")
            .WithBodyAsJson(new { title = "unknown_tags", detail = "Every tag must exist.", errors = new { tags = new[] { "the corp has no customer tag 客户等级/SVIP" } } }));

        var result = await Run("moments", "create", "--text", "春季", "--tag", "客户等级/SVIP", "--image-media-id", "M1", "--image-media-id", "M2");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unknown_tags: Every tag must exist. tags: the corp has no customer tag 客户等级/SVIP", result.Error, StringComparison.Ordinal);
        using var sent = JsonDocument.Parse(Assert.Single(_admin.LogEntries).RequestMessage!.Body!);
        Assert.Equal(["M1", "M2"], sent.RootElement.GetProperty("attachments").EnumerateArray().Select(a => a.GetProperty("mediaId").GetString()));
    }

    [Fact]
    public async Task List_and_show_print_tables_with_the_status_and_WeComs_result()
    {
        _admin.Given(Request.Create().WithPath(Moments).UsingGet()).RespondWith(Response.Create().WithBodyAsJson(new { corpId = "wwcorp0001", moments = new[] { Moment } }));
        _admin.Given(Request.Create().WithPath(Moments + "/spring-sale").UsingGet()).RespondWith(Response.Create().WithBodyAsJson(Moment));

        var list = await Run("moments", "list");
        var show = await Run("moments", "show", "spring-sale");

        Assert.Equal((0, 0), (list.ExitCode, show.ExitCode));
        var row = Assert.Single(list.Output.Split('\n'), l => l.Contains("spring-sale", StringComparison.Ordinal));
        foreach (var cell in new[] { "published", "客户等级/VIP", "zhangsan", "link", "mom0001", "2026-12-07 02:00:00Z" })
        {
            Assert.Contains(cell, row, StringComparison.Ordinal);
        }

        Assert.Contains(show.Output.Split('\n'), l => l.Contains("invalid employees", StringComparison.Ordinal) && l.Contains("wangwu", StringComparison.Ordinal));
        Assert.Contains(show.Output.Split('\n'), l => l.Contains("job id", StringComparison.Ordinal) && l.Contains("mjob01", StringComparison.Ordinal));
    }

    private Task<CliResult> Run(params string[] args) =>
        CliRun.RunAsync(new Dictionary<string, string> { ["WECOMGW_ADMIN_API_KEY"] = Key, ["WECOMGW_CORP_ID"] = "wwcorp0001" }, [.. args, "--admin-url", _admin.Url!]);
}
