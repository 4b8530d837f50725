using System.Net;
using System.Text.Json;
using WeComGateway.Cli.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace WeComGateway.Cli.Tests;

/// <summary><c>wecomgw campaigns …</c> against a stub of the admin API.</summary>
public sealed class CampaignsCommandTests : IDisposable
{
    private const string Key = "admin-key-0123456789-0123456789-abcdef";
    private const string Campaigns = "/admin/corps/wwcorp0001/campaigns";

    private static readonly object Counts = new
    {
        audience = 3, skippedByLimit = 1, tasks = 2, failedTasks = 0, failed = 0, sent = 1, notFriend = 1, overLimit = 0, unsent = 0, membersSent = 2, members = 2,
    };

    private static readonly object Campaign = new
    {
        id = "fruit-dec", name = "爱水果", status = "done", createdAt = "2026-12-07T02:00:00+00:00", sendAt = "2026-12-07T02:00:00+00:00", counts = Counts,
        definition = new { }, tasks = new[] { new { key = "zhangsan|abc|0", sender = "zhangsan", msgId = "msgGAAA1", errCode = (int?)null, customers = 2, failed = 0, memberSent = true } },
    };

    private readonly WireMockServer _admin = WireMockServer.Start();

    public void Dispose() => _admin.Dispose();

    [Fact]
    public async Task Create_sends_the_audience_content_and_send_time_and_prints_the_campaign()
    {
        _admin.Given(Request.Create().WithPath(Campaigns).UsingPost().WithHeader("X-Api-Key", Key))
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.Created).WithBodyAsJson(new { id = "fruit-dec", name = "爱水果", status = "scheduled", sendAt = "2026-12-12T02:00:00+00:00" }));

        var result = await Run("campaigns", "create", "fruit-dec", "--name", "爱水果", "--tag-any", "兴趣/爱水果", "--tag-none", "客户等级/黑名单",
            "--stage", "意向客户", "--channel", "抖音-春季", "--added-from", "2026-11-01", "--text", "橙子到了", "--link-title", "详情", "--link-url", "https://example.com/o",
            "--send-at", "2026-12-12T10:00");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("created campaign fruit-dec (爱水果), scheduled", result.Output, StringComparison.Ordinal);
        using var sent = JsonDocument.Parse(Assert.Single(_admin.LogEntries).RequestMessage!.Body!);
        var body = sent.RootElement;
        Assert.Equal(("fruit-dec", "爱水果", "2026-12-12T10:00"), (body.GetProperty("id").GetString(), body.GetProperty("name").GetString(), body.GetProperty("sendAt").GetString()));
        var audience = body.GetProperty("audience");
        Assert.Equal("爱水果", audience.GetProperty("tags").GetProperty("any")[0].GetProperty("name").GetString());
        Assert.Equal("客户等级", audience.GetProperty("tags").GetProperty("none")[0].GetProperty("group").GetString());
        Assert.Equal(("意向客户", "抖音-春季", "2026-11-01"), (audience.GetProperty("stages")[0].GetString(), audience.GetProperty("channels")[0].GetString(), audience.GetProperty("addedFrom").GetString()));
        var content = body.GetProperty("content");
        Assert.Equal("橙子到了", content.GetProperty("text").GetString());
        Assert.Equal(("link", "https://example.com/o"), (content.GetProperty("attachments")[0].GetProperty("type").GetString(), content.GetProperty("attachments")[0].GetProperty("url").GetString()));
    }

    [Fact]
    public async Task A_file_gives_the_body_and_options_add_to_it()
    {
        _admin.Given(Request.Create().WithPath(Campaigns + "/preview").UsingPost())
            .RespondWith(Response.Create().WithBodyAsJson(new
            {
                month = "202612", matched = 3, skippedByLimit = 1, recipients = 2, tasks = 2,
                senders = new[] { new { userId = "zhangsan", customers = 1, tasks = 1 }, new { userId = "lisi", customers = 1, tasks = 1 } },
                samples = new[] { new { externalUserId = "wm1", name = "王芳", sender = "zhangsan", text = "橙子到了" } },
            }));
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, """{"audience":{"segments":["at-risk"]},"content":{"text":"回来看看"}}""");

        var result = await Run("campaigns", "preview", "--file", file, "--employee", "zhangsan");

        File.Delete(file);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("audience 3 matched, 1 over the monthly limit, 2 to send to in 2 WeCom task(s) (month 202612)", result.Output, StringComparison.Ordinal);
        Assert.Contains(result.Output.Split('\n'), l => l.Contains("王芳", StringComparison.Ordinal) && l.Contains("橙子到了", StringComparison.Ordinal));
        using var sent = JsonDocument.Parse(Assert.Single(_admin.LogEntries).RequestMessage!.Body!);
        Assert.Equal("at-risk", sent.RootElement.GetProperty("audience").GetProperty("segments")[0].GetString());
        Assert.Equal("zhangsan", sent.RootElement.GetProperty("audience").GetProperty("employees")[0].GetString());
        Assert.Equal("回来看看", sent.RootElement.GetProperty("content").GetProperty("text").GetString());
    }

    [Fact]
    public async Task List_show_and_results_print_the_figures_tasks_and_customers()
    {
        _admin.Given(Request.Create().WithPath(Campaigns).UsingGet()).RespondWith(Response.Create().WithBodyAsJson(new[] { Campaign }));
        _admin.Given(Request.Create().WithPath(Campaigns + "/fruit-dec").UsingGet()).RespondWith(Response.Create().WithBodyAsJson(Campaign));
        _admin.Given(Request.Create().WithPath(Campaigns + "/fruit-dec/results").UsingGet()).RespondWith(Response.Create().WithBodyAsJson(new[]
        {
            new { externalUserId = "wm1", sender = "zhangsan", status = "sent" }, new { externalUserId = "wm2", sender = "zhangsan", status = "not_friend" },
        }));

        var list = await Run("campaigns", "list");
        var show = await Run("campaigns", "show", "fruit-dec");
        var csv = await Run("campaigns", "results", "fruit-dec", "--csv");

        Assert.Equal((0, 0, 0), (list.ExitCode, show.ExitCode, csv.ExitCode));
        Assert.Contains(list.Output.Split('\n'), l => l.Contains("fruit-dec", StringComparison.Ordinal) && l.Contains("done", StringComparison.Ordinal));
        Assert.Contains("sent 1, not friend 1, over limit 0, failed 0, unsent 0", show.Output, StringComparison.Ordinal);
        Assert.Contains(show.Output.Split('\n'), l => l.Contains("msgGAAA1", StringComparison.Ordinal) && l.Contains("yes", StringComparison.Ordinal));
        Assert.Equal("external_userid,sender,status\nwm1,zhangsan,sent\nwm2,zhangsan,not_friend", csv.Output.Trim().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_refusal_prints_the_field_errors_and_a_bad_tag_is_a_usage_error()
    {
        _admin.Given(Request.Create().WithPath(Campaigns).UsingPost()).RespondWith(Response.Create().WithStatusCode(HttpStatusCode.BadRequest)
            .WithHeader("Content-Type", "application/problem+json")
            .WithBodyAsJson(new { title = "invalid_campaign", detail = "One or more validation errors occurred.", errors = new { content = new[] { "text and attachments are both empty" } } }));

        var refused = await Run("campaigns", "create", "fruit-dec", "--tag-any", "兴趣/爱水果");
        var usage = await Run("campaigns", "preview", "--tag-any", "爱水果", "--text", "x");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("content: text and attachments are both empty", refused.Error, StringComparison.Ordinal);
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("GROUP/NAME", usage.Error, StringComparison.Ordinal);
    }

    private Task<CliResult> Run(params string[] args) =>
        CliRun.RunAsync(new Dictionary<string, string> { ["WECOMGW_ADMIN_API_KEY"] = Key, ["WECOMGW_CORP_ID"] = "wwcorp0001" }, [.. args, "--admin-url", _admin.Url!]);
}
