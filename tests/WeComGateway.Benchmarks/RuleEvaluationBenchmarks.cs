using System.Text;
using BenchmarkDotNet.Attributes;
using WeComGateway.Automation;

namespace WeComGateway.Benchmarks;

/// <summary>
/// One customer event against a 200-rule set of the kind a busy shop writes: channel tags, welcome rules by poster,
/// employee and time, purchase and category tags, membership tags, group rules, stage moves and level-triggered
/// segments (at-risk style, with day counts). Facts are already folded, as in the worker.
/// </summary>
[MemoryDiagnoser]
public class RuleEvaluationBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(8));

    private string _json = null!;
    private RuleSet _rules = null!;
    private AutomationEvent _added = null!;
    private CustomerFacts _addedFacts = null!;
    private AutomationEvent _scheduled = null!;
    private CustomerFacts _regular = null!;
    private CustomerFacts _steady = null!;

    /// <summary>Rules in the generated set.</summary>
    public static int RuleCount { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _json = GenerateRules();
        _rules = RuleSet.Parse(_json);
        RuleCount = _rules.RuleIds.Count;

        _added = new AutomationEvent
        {
            Kind = AutomationEventKind.ContactAdded,
            CorpId = "wwbench",
            ExternalUserId = "wmBenchCustomer",
            EventKey = "dedupe-0001",
            OccurredAt = Now,
            UserId = "sales-07",
            State = "poster-spring-17",
        };
        _addedFacts = CustomerFactsUpdater.Apply(CustomerFacts.New("wwbench", "wmBenchCustomer"), _added)!;

        _scheduled = new AutomationEvent
        {
            Kind = AutomationEventKind.Scheduled,
            CorpId = "wwbench",
            ExternalUserId = "wmBenchCustomer",
            EventKey = "scheduled:1",
            OccurredAt = Now,
        };
        _regular = _addedFacts with
        {
            Stage = "成交",
            Tags = [new TagRef("客户阶段", "成交"), new TagRef("渠道", "poster-spring-17"), new TagRef("兴趣", "爱水果"), new TagRef("身份", "会员")],
            PurchaseCount = 7,
            TotalSpent = 1288.50m,
            LastPurchaseAt = Now.AddDays(-41),
            PurchasedCategories = ["水果", "坚果", "礼盒"],
            Membership = "active",
            MembershipLevel = "gold",
            MembershipChangedAt = Now.AddDays(-200),
            GroupChats = ["wrChat03", "wrChat11"],
            Segments = ["at-risk-3"],
        };
        _steady = _rules.Evaluate(_regular, _scheduled, Now).Next;
    }

    [Benchmark(Baseline = true, Description = "Evaluate contact_added (200 rules)")]
    public AutomationDecision EvaluateContactAdded() => _rules.Evaluate(_addedFacts, _added, Now);

    /// <summary>20 at-risk-style rules match: 10 tags added, 9 segments entered.</summary>
    [Benchmark(Description = "Evaluate scheduled, enters segments (200 rules)")]
    public AutomationDecision EvaluateScheduled() => _rules.Evaluate(_regular, _scheduled, Now);

    /// <summary>The daily re-check of a customer whose segments and tags already match: nothing changes.</summary>
    [Benchmark(Description = "Evaluate scheduled, no change (200 rules)")]
    public AutomationDecision EvaluateScheduledSteady() => _rules.Evaluate(_steady, _scheduled, Now);

    [Benchmark(Description = "ChooseWelcome contact_added")]
    public WelcomeChoice? ChooseWelcome() => _rules.ChooseWelcome(_addedFacts, _added, Now);

    [Benchmark(Description = "NextReevaluation")]
    public DateTimeOffset? NextReevaluation() => _rules.NextReevaluation(_regular, Now);

    [Benchmark(Description = "Parse + validate + compile (200 rules)")]
    public RuleSet Parse() => RuleSet.Parse(_json);

    /// <summary>200 rules: 40 channel, 30 welcome, 40 purchase, 30 segment, 20 membership, 20 group, 20 stage.</summary>
    private static string GenerateRules()
    {
        var rules = new List<string>
        {
            """{ "id": "channel-tag", "when": { "event": ["contact_added", "contact_half_added"], "hasState": true }, "then": { "addTags": [ { "group": "渠道", "name": "{state}" } ] } }""",
            """{ "id": "first-stage", "when": { "event": ["contact_added", "contact_half_added"], "stage": null }, "then": { "moveToStage": "新客户" } }""",
        };
        for (var i = 0; i < 38; i++)
        {
            var states = string.Join(", ", Enumerable.Range(0, 5).Select(j => $"\"store-{i}-{j}\""));
            rules.Add($$"""{ "id": "store-{{i}}", "when": { "event": "contact_added", "state": [{{states}}] }, "then": { "addTags": [ { "group": "门店", "name": "门店{{i}}" }, { "group": "来源", "name": "线下" } ] } }""");
        }

        for (var i = 0; i < 30; i++)
        {
            rules.Add((i % 3) switch
            {
                0 => $$"""{ "id": "welcome-poster-{{i}}", "when": { "statePrefix": "poster-summer-{{i}}", "timeOfDay": { "from": "08:00", "to": "22:00" } }, "then": { "welcome": "w{{i % 10}}" } }""",
                1 => $$"""{ "id": "welcome-desk-{{i}}", "when": { "event": "contact_added", "employee": ["vip-{{i}}", "vip-{{i + 1}}", "vip-{{i + 2}}"] }, "then": { "welcome": "w{{i % 10}}" } }""",
                _ => $$"""{ "id": "welcome-live-{{i}}", "when": { "event": "contact_added", "state": "live-{{i}}", "timeOfDay": { "from": "20:00", "to": "02:00" } }, "then": { "welcome": "w{{i % 10}}" } }""",
            });
        }

        string[] categories = ["水果", "坚果", "礼盒", "饮料", "乳品", "烘焙", "蔬菜", "肉禽", "海鲜", "零食"];
        for (var i = 0; i < 40; i++)
        {
            rules.Add(i < 20
                ? $$"""{ "id": "category-{{i}}", "when": { "event": "purchase_recorded", "boughtCategory": "{{categories[i % 10]}}" }, "then": { "addTags": [ { "group": "兴趣", "name": "爱{{categories[i % 10]}}{{i / 10}}" } ] } }"""
                : $$"""{ "id": "spend-{{i}}", "when": { "event": "purchase_recorded", "totalSpent": { "gte": {{(i - 19) * 100}} } }, "then": { "addTags": [ { "group": "价值", "name": "消费{{(i - 19) * 100}}+" } ] } }""");
        }

        for (var i = 0; i < 30; i++)
        {
            rules.Add($$"""{ "id": "at-risk-{{i}}", "when": { "all": [ { "purchaseCount": { "gte": {{2 + (i % 5)}} } }, { "daysSinceLastPurchase": { "gte": {{20 + i}}, "lte": {{60 + i}} } }, { "totalSpent": { "gte": {{300 + (i * 50)}} } } ] }, "then": { "enterSegment": "at-risk-{{i % 10}}", "addTags": [ { "group": "价值", "name": "挽留{{i % 10}}" } ] } }""");
        }

        for (var i = 0; i < 20; i++)
        {
            rules.Add((i % 2) == 0
                ? $$"""{ "id": "member-{{i}}", "when": { "membership": "active", "membershipLevel": "level-{{i}}" }, "then": { "addTags": [ { "group": "身份", "name": "会员{{i}}" } ] } }"""
                : $$"""{ "id": "lapsed-{{i}}", "when": { "membership": ["lapsed", "cancelled"], "daysSinceMembershipChange": { "lte": {{i * 10}} } }, "then": { "addTags": [ { "group": "身份", "name": "流失{{i}}" } ], "removeTags": [ { "group": "身份", "name": "会员" } ] } }""");
        }

        for (var i = 0; i < 20; i++)
        {
            rules.Add($$"""{ "id": "group-{{i}}", "when": { "event": "group_member_joined", "groupChat": ["wrChat{{i:D2}}", "wrChatX{{i:D2}}"], "joinScene": [1, 3] }, "then": { "addTags": [ { "group": "社群", "name": "群{{i}}" } ] } }""");
        }

        string[] stages = ["初步沟通", "意向客户", "成交"];
        for (var i = 0; i < 20; i++)
        {
            rules.Add($$"""{ "id": "stage-{{i}}", "when": { "event": "{{(i % 2 == 0 ? "group_member_joined" : "purchase_recorded")}}", "stage": ["新客户", "初步沟通"], "not": { "hasTag": { "group": "价值", "name": "挽留{{i % 10}}" } } }, "then": { "moveToStage": "{{stages[i % 3]}}" } }""");
        }

        var templates = string.Join(",\n    ", Enumerable.Range(0, 10).Select(i =>
            $$"""{ "id": "w{{i}}", "text": "您好{customer_name|}，我是{employee_name|您的专属顾问}，欢迎来到第{{i}}号活动！" }"""));
        var json = new StringBuilder()
            .Append("{\n  \"name\": \"benchmark shop\",\n  \"welcomeTemplates\": [\n    ").Append(templates).Append("\n  ],\n")
            .Append("  \"defaultWelcome\": \"w0\",\n  \"rules\": [\n    ")
            .AppendJoin(",\n    ", rules)
            .Append("\n  ]\n}\n");
        return json.ToString();
    }
}
