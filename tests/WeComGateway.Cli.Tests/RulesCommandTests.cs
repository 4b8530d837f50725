using WeComGateway.Cli.Tests.Support;

namespace WeComGateway.Cli.Tests;

/// <summary><c>wecomgw rules check|test</c>: operators change rules without fear, offline.</summary>
public sealed class RulesCommandTests : IDisposable
{
    private const string FruitShop = """
        {
          "name": "水果铺",
          "welcomeTemplates": [
            { "id": "default", "text": "您好{customer_name|}，欢迎光临！" },
            { "id": "poster", "text": "感谢扫码，{customer_name|朋友}！" }
          ],
          "defaultWelcome": "default",
          "rules": [
            { "id": "channel-tag", "when": { "event": "contact_added", "hasState": true }, "then": { "addTags": [ { "group": "渠道", "name": "{state}" } ] } },
            { "id": "first-stage", "when": { "event": "contact_added", "stage": null }, "then": { "moveToStage": "新客户" } },
            { "id": "poster-welcome", "when": { "statePrefix": "poster-" }, "then": { "welcome": "poster" } },
            { "id": "fruit-lover", "when": { "event": "purchase_recorded", "boughtCategory": "水果" }, "then": { "addTags": [ { "group": "兴趣", "name": "爱水果" } ] } },
            { "id": "at-risk", "when": { "purchaseCount": { "gte": 3 }, "daysSinceLastPurchase": { "gte": 30, "lte": 60 }, "totalSpent": { "gte": 500 } }, "then": { "enterSegment": "at-risk" } }
          ]
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("wecomgw-rules-").FullName;

    [Fact]
    public async Task A_valid_rule_file_passes_check_with_a_summary()
    {
        var result = await CliRun.RunAsync("rules", "check", Write("rules.json", FruitShop));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("OK rules.json: rule set '水果铺', 5 rules", result.Output, StringComparison.Ordinal);
        Assert.Contains("time-based rules", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_file_with_mistakes_is_refused_listing_each_rule_and_field()
    {
        var broken = FruitShop
            .Replace("\"moveToStage\": \"新客户\"", "\"moveToStage\": \"新客\"", StringComparison.Ordinal)
            .Replace("\"boughtCategory\"", "\"boughtCategori\"", StringComparison.Ordinal);

        var result = await CliRun.RunAsync("rules", "check", Write("broken.json", broken));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("REFUSED broken.json: 2 error(s)", result.Output, StringComparison.Ordinal);
        Assert.Contains("rule 'first-stage' (rules[1].then.moveToStage)", result.Output, StringComparison.Ordinal);
        Assert.Contains("rule 'fruit-lover' (rules[3].when.boughtCategori)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_shows_the_channel_tag_the_first_stage_and_the_welcome_for_a_poster_customer()
    {
        var result = await CliRun.RunAsync("rules", "test", Write("rules.json", FruitShop), Write("event.json", """
            { "event": { "kind": "contact_added", "state": "poster-42", "userId": "zhangsan" }, "now": "2026-12-01T10:00:00+08:00", "customerName": "李雷" }
            """));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("rules      channel-tag, first-stage, poster-welcome", result.Output, StringComparison.Ordinal);
        Assert.Contains("add tags   渠道/poster-42, 客户阶段/新客户", result.Output, StringComparison.Ordinal);
        Assert.Contains("stage      (none) → 新客户 (by first-stage)", result.Output, StringComparison.Ordinal);
        Assert.Contains("welcome    template 'poster' (by poster-welcome)", result.Output, StringComparison.Ordinal);
        Assert.Contains("text     感谢扫码，李雷！", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_shows_an_important_customer_about_to_churn_entering_the_at_risk_segment()
    {
        var result = await CliRun.RunAsync("rules", "test", Write("rules.json", FruitShop), Write("risk.json", """
            { "event": { "kind": "scheduled" },
              "facts": { "corpId": "wwfruit", "externalUserId": "wmBuyer", "purchaseCount": 3, "totalSpent": 620, "lastPurchaseAt": "2026-10-17T10:00:00+08:00", "followUsers": ["zhangsan"] },
              "now": "2026-12-01T10:00:00+08:00" }
            """));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("segment    enters at-risk (by at-risk)", result.Output, StringComparison.Ordinal);
        Assert.Contains("next check", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_refuses_an_event_kind_the_rules_do_not_know_with_the_list_of_kinds()
    {
        var result = await CliRun.RunAsync("rules", "test", Write("rules.json", FruitShop), Write("event.json", """{ "event": { "kind": "customer_added" } }"""));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("event.kind 'customer_added' is not one of: contact_added", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_a_usage_error()
    {
        var result = await CliRun.RunAsync("rules", "check", Path.Combine(_folder, "nope.json"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no such file", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }
}
