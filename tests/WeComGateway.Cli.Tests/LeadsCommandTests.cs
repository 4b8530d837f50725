using System.Net;
using System.Text.Json;
using WeComGateway.Cli.Commands;
using WeComGateway.Cli.Leads;
using WeComGateway.Cli.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace WeComGateway.Cli.Tests;

/// <summary><c>wecomgw leads …</c> against a stub of the admin API, and the CSV reader.</summary>
public sealed class LeadsCommandTests : IDisposable
{
    private const string Key = "admin-key-0123456789-0123456789-abcdef";
    private const string Corp = "wwcorp0001";

    private readonly WireMockServer _admin = WireMockServer.Start();
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"leads-{Guid.NewGuid():N}.csv");

    public void Dispose()
    {
        _admin.Dispose();
        File.Delete(_file);
    }

    [Fact]
    public async Task Import_sends_the_CSVs_leads_and_names_rejected_rows_by_line_without_their_phone()
    {
        await File.WriteAllTextAsync(_file, "\uFEFFName,Phone,Source,Tags\n王先生,+86 138 0013 8000,展会,高意向;回访\n\"李, 女士\",13900139000,,\nbad,not-a-phone,官网,\n");
        _admin.Given(Request.Create().WithPath($"/admin/corps/{Corp}/leads").UsingPost().WithHeader("X-Api-Key", Key))
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.OK).WithBodyAsJson(new
            {
                corpId = Corp, imported = 2, duplicates = 0, rejected = new[] { new { index = 2, error = "phone: not a phone number" } }, leadIds = new[] { "0123456789ab", "0123456789ac" },
            }));

        var result = await CliRun.RunAsync(new Dictionary<string, string> { ["WECOMGW_ADMIN_API_KEY"] = Key, ["WECOMGW_CORP_ID"] = Corp },
            "leads", "import", _file, "--source", "渠道导入", "--admin-url", _admin.Url!);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"2 leads imported into {Corp}, 0 already known, 1 rejected.", result.Output, StringComparison.Ordinal);
        Assert.Contains("line 4: phone: not a phone number", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-phone", result.All, StringComparison.Ordinal);
        using var sent = JsonDocument.Parse(Assert.Single(_admin.LogEntries).RequestMessage!.Body!);
        var leads = sent.RootElement.GetProperty("leads").EnumerateArray().ToList();
        Assert.Equal(3, leads.Count);
        Assert.Equal(("+86 138 0013 8000", "王先生", "展会"), (leads[0].GetProperty("phone").GetString(), leads[0].GetProperty("name").GetString(), leads[0].GetProperty("source").GetString()));
        Assert.Equal(["高意向", "回访"], leads[0].GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(("李, 女士", "渠道导入"), (leads[1].GetProperty("name").GetString(), leads[1].GetProperty("source").GetString()));
    }

    [Fact]
    public async Task Settings_with_weights_puts_a_weighted_rotation()
    {
        _admin.Given(Request.Create().WithPath($"/admin/corps/{Corp}/leads/settings").UsingPut())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.OK).WithBody(r => r.Body!).WithHeader("Content-Type", "application/json"));

        var result = await CliRun.RunAsync("leads", "settings", "--corp-id", Corp, "--employee", "zhangsan:3", "--employee", "lisi:1:5",
            "--daily-cap", "20", "--convert-within", "2d", "--admin-url", _admin.Url!, "--api-key", Key);

        Assert.Equal(0, result.ExitCode);
        using var sent = JsonDocument.Parse(Assert.Single(_admin.LogEntries).RequestMessage!.Body!);
        Assert.Equal("weighted", sent.RootElement.GetProperty("mode").GetString());
        Assert.Equal("2.00:00:00", sent.RootElement.GetProperty("convertWithin").GetString());
        Assert.Equal(20, sent.RootElement.GetProperty("dailyCap").GetInt32());
        var lisi = sent.RootElement.GetProperty("employees")[1];
        Assert.Equal(("lisi", 1, 5), (lisi.GetProperty("userId").GetString(), lisi.GetProperty("weight").GetInt32(), lisi.GetProperty("dailyCap").GetInt32()));
        Assert.Contains("weighted, convert within 2.00:00:00", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_prints_a_table_per_employee_and_source_with_the_conversion_rate()
    {
        _admin.Given(Request.Create().WithPath($"/admin/corps/{Corp}/leads/report").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.OK).WithBodyAsJson(new
            {
                corpId = Corp,
                rows = new object[]
                {
                    new { userId = "", source = "展会", imported = 4, assigned = 0, converted = 0, returned = 0, conversionRate = (double?)null },
                    new { userId = "zhangsan", source = "展会", imported = 0, assigned = 4, converted = 1, returned = 1, conversionRate = 0.25 },
                },
            }));

        var result = await CliRun.RunAsync("leads", "report", "--corp-id", Corp, "--admin-url", _admin.Url!, "--api-key", Key);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("(pool)", result.Output, StringComparison.Ordinal);
        Assert.Contains("zhangsan", result.Output, StringComparison.Ordinal);
        Assert.Contains("25%", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_without_the_phone_column_is_a_usage_error_and_nothing_is_sent()
    {
        await File.WriteAllTextAsync(_file, "name,source\n王先生,展会\n");

        var result = await CliRun.RunAsync("leads", "import", _file, "--admin-url", _admin.Url!, "--api-key", Key);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("phone and name", result.Error, StringComparison.Ordinal);
        Assert.Empty(_admin.LogEntries);
    }

    [Fact]
    public void Quoted_fields_may_hold_commas_quotes_and_line_breaks()
    {
        var rows = LeadCsv.Read(new StringReader("phone,name\r\n13800138000,\"王 \"\"老\"\"\r\n先生\"\r\n13900139000,李\r\n"), "import");

        Assert.Equal(2, rows.Count);
        Assert.Equal("王 \"老\"\r\n先生", rows[0].Name);
        Assert.Equal((4, "李", "import"), (rows[1].Line, rows[1].Name, rows[1].Source));
    }

    [Theory]
    [InlineData("2d", 48 * 60)]
    [InlineData("12h", 12 * 60)]
    [InlineData("30m", 30)]
    [InlineData("1.00:00:00", 24 * 60)]
    public void Durations_read_as_people_write_them(string text, int minutes) => Assert.Equal(TimeSpan.FromMinutes(minutes), LeadsCommand.Duration(text));
}
