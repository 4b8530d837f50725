using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Testing;

namespace WeComGateway.Embedded.Tests;

/// <summary>
/// The README's demos, run as written against the embedded default (receiver, workers and emulator in this process;
/// the CLI in process too, its requests through the test server): what the README says they print is what they do.
/// </summary>
public sealed class ReadmeDemoTests
{
    /// <summary>The key the README exports; the test host is started with it, as the README starts the gateway.</summary>
    private const string ReadmeAdminKey = "demo-admin-key-0123456789abcdef0123";

    [Fact]
    public async Task The_channel_demo_counts_each_add_and_deletion_once_per_day_and_employee()
    {
        await using var gateway = new ReadmeGateway();
        var script = gateway.Script();

        await script.RunAsync(ReadmeScript.Section("Channels"));

        var csv = await Eventually.ValueAsync(
            async () => await script.RunAsync("wecomgw channels stats ch… --by employee --csv") is var o && o.Contains("total,2,", StringComparison.Ordinal) && o.Contains("lost", StringComparison.Ordinal) && Row(o, "total") == "total,2,2,0,1,1,2,0" ? o : null,
            "the channel's statistics", explain: () => Task.FromResult(script.Transcript));
        Assert.Equal("lisi,1,1,0,0,1,1,0", Row(csv, "lisi"));
        Assert.Equal("zhangsan,1,1,0,1,0,1,0", Row(csv, "zhangsan"));
        Assert.Contains("渠道/抖音", await script.RunAsync("wecomgw channels list"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_fission_demo_credits_friends_once_takes_back_an_early_delete_and_reaches_the_goal()
    {
        await using var gateway = new ReadmeGateway();
        var script = gateway.Script();

        await script.RunAsync(ReadmeScript.Section("Fission"));

        var board = await Eventually.ValueAsync(
            async () => Cells(await script.RunAsync("wecomgw fission leaderboard spring")) is var rows
                && rows.FirstOrDefault(r => r.Contains("wmInviter0001")) is { } seed && seed[2] == "2" && seed[5] == "reached"
                && rows.Any(r => r.Contains("wmFriend0001") && r[2] == "1") ? rows : null,
            "the leaderboard of the README",
            explain: async () => script.Transcript + string.Join('\n', (await gateway.CreateClient().GetStringAsync("/metrics")).Split('\n').Where(l => l.Contains("fission", StringComparison.Ordinal))));
        Assert.Equal("wmInviter0001", board[0][1]);
        Assert.DoesNotContain(board, r => r[1] == r[6]); // the self-add made nobody their own inviter
        Assert.Equal(["wmInviter0001", "wmInviter0001", "wmInviter0001", "wmFriend0001"], board.Where(r => r[1] is "wmFriend0001" or "wmFriend0002" or "wmFriend0003" or "wmFriend0004").OrderBy(r => r[1], StringComparer.Ordinal).Select(r => r[6]));
    }

    [Fact]
    public async Task The_lead_demo_converts_one_lead_and_returns_the_other_to_the_pool_with_the_clock_advanced()
    {
        await using var gateway = new ReadmeGateway();
        var script = gateway.Script();

        await script.RunAsync(ReadmeScript.Section("Lead pool"));

        // employee, source, imported, assigned, converted, returned
        var report = await Eventually.ValueAsync(
            async () => Cells(await script.RunAsync("wecomgw leads report")) is var rows
                && rows.Any(r => r[0] == "lisi" && r[1] == "官网" && r[5] == "1") && rows.Any(r => r[0] == "zhangsan" && r[1] == "官网" && r[3] == "1") ? rows : null,
            "李女士's lead back in the pool and on to zhangsan", explain: () => Task.FromResult(script.Transcript));
        Assert.Contains(report, r => r[0] == "zhangsan" && r[1] == "展会" && r[3] == "1" && r[4] == "1");
        Assert.DoesNotContain("13800138000", script.Transcript, StringComparison.Ordinal); // phones are masked wherever printed
    }

    [Fact]
    public async Task The_remark_demo_turns_the_remark_the_employee_typed_into_the_VIP_level_and_the_name()
    {
        await using var gateway = new ReadmeGateway();
        var script = gateway.Script();
        var client = gateway.CreateClient();

        await script.RunAsync(ReadmeScript.Section("Remarks"));

        var remark = await Eventually.ValueAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>("/emulator/state")).GetProperty("customers").EnumerateArray()
                .Where(c => c.GetProperty("external_userid").GetString() == "wmZhang0001")
                .SelectMany(c => c.GetProperty("follow_users").EnumerateArray())
                .Where(f => f.GetProperty("userid").GetString() == "zhangsan")
                .Select(f => f.GetProperty("remark").ValueKind == JsonValueKind.String ? f.GetProperty("remark").GetString() : null)
                .FirstOrDefault(r => r == "★VIP 张三"),
            "zhangsan's remark on 张三", explain: async () => script.Transcript + await client.GetStringAsync("/emulator/state"));
        Assert.Equal("★VIP 张三", remark);
    }

    [Fact]
    public async Task The_campaign_demo_previews_the_fruit_lovers_sends_one_task_per_employee_and_reads_the_results_back()
    {
        await using var gateway = new ReadmeGateway();
        var script = gateway.Script();
        var client = gateway.CreateClient();

        await script.RunAsync(ReadmeScript.Section("Campaigns"));

        Assert.Contains("audience 2 matched, 0 over the monthly limit, 2 to send to in 2 WeCom task(s)", script.Transcript, StringComparison.Ordinal);
        Assert.Contains("wmFruit0001 │      │ zhangsan │ 今天的橙子到了，爱水果会员第二件半价", script.Transcript, StringComparison.Ordinal);
        var results = await Eventually.ValueAsync(
            async () => Cells(await script.RunAsync("wecomgw campaigns results fruit-dec")) is var rows && rows.Count == 2 && rows.All(r => r[2] == "sent") ? rows : null,
            "both fruit lovers sent", explain: () => Task.FromResult(script.Transcript));
        Assert.Equal([("wmFruit0001", "zhangsan"), ("wmFruit0002", "lisi")], results.Select(r => (r[0], r[1])));
        Assert.Contains("done", await script.RunAsync("wecomgw campaigns show fruit-dec"), StringComparison.Ordinal);
        var messages = (await client.GetFromJsonAsync<JsonElement>("/emulator/groupmsg")).EnumerateArray().ToList();
        Assert.Equal(["lisi", "zhangsan"], messages.Select(m => m.GetProperty("creator").GetString()).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(messages, m => m.GetProperty("members").EnumerateArray().SelectMany(p => p.GetProperty("customers").EnumerateArray())
            .Any(c => c.GetProperty("external_userid").GetString() == "wmOther0001"));
    }

    [Fact]
    public async Task The_moment_demo_creates_one_WeCom_task_for_the_tag_and_follows_it_to_published()
    {
        await using var gateway = new ReadmeGateway();
        var script = gateway.Script();
        var client = gateway.CreateClient();

        await script.RunAsync(ReadmeScript.Section("Moments"));

        var shown = await Eventually.ValueAsync(
            async () => Cells(await script.RunAsync("wecomgw moments show spring-sale")) is var rows
                && rows.Any(r => r[0] == "status" && r[1] == "published") ? rows : null,
            "the moment published", explain: async () => script.Transcript + await client.GetStringAsync("/emulator/moments"));
        Assert.StartsWith("mom", shown.Single(r => r[0] == "wecom moment")[1], StringComparison.Ordinal);
        Assert.Equal("客户等级/VIP", shown.Single(r => r[0] == "tags")[1]);
        await script.RunAsync("wecomgw moments create --id spring-sale --text '春季新品上市，VIP 专享九折' --tag 客户等级/VIP --employee zhangsan");
        var tasks = (await client.GetFromJsonAsync<JsonElement>("/emulator/moments")).EnumerateArray().ToList();
        var task = Assert.Single(tasks); // the repeated create made no second WeCom task
        Assert.Equal("春季新品上市，VIP 专享九折", task.GetProperty("request").GetProperty("text").GetProperty("content").GetString());
        var range = task.GetProperty("request").GetProperty("visible_range");
        Assert.Equal("zhangsan", range.GetProperty("sender_list").GetProperty("user_list")[0].GetString());
        Assert.Equal(1, range.GetProperty("external_contact_list").GetProperty("tag_list").GetArrayLength());
    }

    private static string Row(string csv, string first) =>
        csv.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith(first + ",", StringComparison.Ordinal));

    /// <summary>The cells of each body row of a Spectre table (the header row and box characters dropped).</summary>
    private static List<string[]> Cells(string table) => table.Split('\n')
        .Where(l => l.Contains('│'))
        .Skip(1)
        .Select(l => l.Split('│').Skip(1).SkipLast(1).Select(c => c.Trim()).ToArray())
        .Where(cells => cells.Length > 1)
        .ToList();

    /// <summary>The embedded default started as the README starts it (an admin key), schedulers every second, a clock the script can advance.</summary>
    private sealed class ReadmeGateway : WebApplicationFactory<EmbeddedGateway>
    {
        private readonly ShiftedClock _clock = new();

        public ReadmeScript Script()
        {
            _ = Server; // started before any handler is asked for
            return new ReadmeScript(() => Server.CreateHandler(http => http.Connection.LocalPort = http.Request.Host.Port ?? 80), _clock.Advance, ReadmeAdminKey, SettleAsync);
        }

        /// <summary>After the install, its grant; after any other event, a moment for the in-memory bus's consumers.</summary>
        private async Task SettleAsync(string[] args)
        {
            if (args is ["trigger", "create-auth", ..])
            {
                var grants = Services.GetRequiredService<WeComGateway.Storage.Authorizations.IAuthorizationStore>();
                await Eventually.ValueAsync(() => grants.GetAsync("ww0000democorp0001", "ww0000demosuite001", default), "the demo corp's grant");
            }
            else if (args is ["trigger", ..])
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300));
            }
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Admin:ApiKeys:0", ReadmeAdminKey);
            builder.UseSetting("Leads:Interval", "00:00:01");
            builder.UseSetting("Leads:InitialDelay", "00:00:01");
            builder.UseSetting("Moments:Interval", "00:00:01");
            builder.UseSetting("Moments:InitialDelay", "00:00:01");
            builder.ConfigureServices(services =>
            {
                services.AddSingleton<TimeProvider>(_clock);
                services.PostConfigureAll<Microsoft.Extensions.Http.HttpClientFactoryOptions>(options =>
                    options.HttpMessageHandlerBuilderActions.Add(handlers => handlers.PrimaryHandler = Server.CreateHandler()));
            });
        }
    }

    /// <summary>Wall-clock time plus what the script advanced; timers keep running on real time.</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        private long _offsetTicks;

        public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
    }
}
