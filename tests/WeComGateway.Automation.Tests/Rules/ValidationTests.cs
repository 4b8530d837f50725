namespace WeComGateway.Automation.Tests;

/// <summary>Rule files come from tenants: everything wrong is refused, and each error says which rule and where.</summary>
public sealed class ValidationTests
{
    [Fact]
    public void A_misspelt_condition_names_the_rule_the_path_and_the_likely_key()
    {
        var error = Single("""
            { "id": "at-risk", "when": { "all": [ { "purchaseCont": { "gte": 3 } } ] }, "then": { "enterSegment": "at-risk" } }
            """);

        Assert.Equal(new RuleSetError("at-risk", "rules[0].when.all[0].purchaseCont", "unknown key 'purchaseCont' — did you mean 'purchaseCount'?"), error);
        Assert.Equal("rule 'at-risk' (rules[0].when.all[0].purchaseCont): unknown key 'purchaseCont' — did you mean 'purchaseCount'?", error.ToString());
    }

    [Fact]
    public void An_unknown_key_in_an_action_is_refused()
    {
        var error = Single("""
            { "id": "fruit", "when": { "event": "purchase_recorded" }, "then": { "addTag": [ { "group": "兴趣", "name": "爱水果" } ] } }
            """);

        Assert.Equal(("fruit", "rules[0].then.addTag"), (error.RuleId, error.Path));
        Assert.Contains("did you mean 'addTags'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_stage_is_refused_in_moveToStage_and_in_conditions()
    {
        var errors = Errors("""
            { "id": "deal", "when": { "event": "purchase_recorded", "stage": ["新客户", "已成交"] }, "then": { "moveToStage": "成交了" } }
            """);

        Assert.Equal(
            [("deal", "rules[0].when.stage"), ("deal", "rules[0].then.moveToStage")],
            errors.Select(e => (e.RuleId, e.Path)));
        Assert.Contains("unknown stage '成交了' (stages: 新客户, 初步沟通, 意向客户, 成交, 无意向)", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_welcome_template_is_refused_in_rules_and_as_the_default()
    {
        var errors = Parse("""
            {
              "name": "t",
              "welcomeTemplates": [ { "id": "default", "text": "您好" } ],
              "defaultWelcome": "defualt",
              "rules": [ { "id": "poster", "when": { "statePrefix": "poster-" }, "then": { "welcome": "poster" } } ]
            }
            """);

        Assert.Equal([(null, "defaultWelcome"), ("poster", "rules[0].then.welcome")], errors.Select(e => (e.RuleId, e.Path)));
        Assert.Contains("unknown welcome template 'poster' (templates: default)", errors[1].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "gte": 60, "lte": 30 }""", "rules[0].when.daysSinceLastPurchase", "the range is empty")]
    [InlineData("""{ "gt": 5, "lt": 6 }""", "rules[0].when.daysSinceLastPurchase", "the range is empty")]
    [InlineData("""{ "gte": 1.5 }""", "rules[0].when.daysSinceLastPurchase.gte", "whole number")]
    [InlineData("""{ "gte": -1 }""", "rules[0].when.daysSinceLastPurchase.gte", "whole number from 0")]
    [InlineData("""{ "gte": "30" }""", "rules[0].when.daysSinceLastPurchase.gte", "must be a number")]
    [InlineData("""{ "eq": 3, "lte": 5 }""", "rules[0].when.daysSinceLastPurchase", "'eq' cannot be combined")]
    [InlineData("""{ "gt": 3, "gte": 5 }""", "rules[0].when.daysSinceLastPurchase", "not both")]
    [InlineData("""{ }""", "rules[0].when.daysSinceLastPurchase", "at least one of")]
    [InlineData("""{ "gte": 30, "max": 60 }""", "rules[0].when.daysSinceLastPurchase.max", "unknown key 'max'")]
    [InlineData("""30""", "rules[0].when.daysSinceLastPurchase", "must be a JSON object")]
    public void A_bad_range_is_refused_with_its_path(string range, string path, string message)
    {
        var error = Single($$"""{ "id": "lapsing", "when": { "daysSinceLastPurchase": {{range}} }, "then": { "enterSegment": "lapsing" } }""");

        Assert.Equal(("lapsing", path), (error.RuleId, error.Path));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_money_range_is_refused()
    {
        var error = Single("""{ "id": "big", "when": { "totalSpent": { "gt": 500, "lte": 500 } }, "then": { "enterSegment": "big" } }""");

        Assert.Equal("rules[0].when.totalSpent", error.Path);
    }

    [Fact]
    public void Conditions_nested_deeper_than_8_levels_are_refused()
    {
        var condition = """{ "event": "scheduled" }""";
        for (var level = 0; level < 8; level++)
        {
            condition = $$"""{ "not": {{condition}} }""";
        }

        var error = Single($$"""{ "id": "deep", "when": {{condition}}, "then": { "enterSegment": "deep" } }""");

        Assert.Equal("deep", error.RuleId);
        Assert.Equal("rules[0].when" + string.Concat(Enumerable.Repeat(".not", 8)), error.Path);
        Assert.Contains("nested more than 8 levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Eight_levels_are_fine()
    {
        var condition = """{ "event": "scheduled" }""";
        for (var level = 0; level < 7; level++)
        {
            condition = $$"""{ "any": [ {{condition}} ] }""";
        }

        RuleSet.Parse(TaggingTests.Rules($$"""{ "id": "deep", "when": {{condition}}, "then": { "enterSegment": "deep" } }"""));
    }

    [Fact]
    public void More_than_1000_rules_are_refused()
    {
        var rules = string.Join(",", Enumerable.Range(0, 1001).Select(i => $$"""{ "id": "r{{i}}", "when": { "event": "scheduled" }, "then": { "enterSegment": "s" } }"""));

        var error = Single(rules);

        Assert.Equal((null, "rules"), (error.RuleId, error.Path));
        Assert.Contains("1001 rules; at most 1000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_than_20000_conditions_in_a_file_are_refused()
    {
        var conditions = string.Join(",", Enumerable.Repeat("""{ "hasState": true }""", 500));
        var rules = string.Join(",", Enumerable.Range(0, 41).Select(i => $$"""{ "id": "r{{i}}", "when": { "any": [ {{conditions}} ] }, "then": { "enterSegment": "s" } }"""));

        var error = Single(rules);

        Assert.Equal("r39", error.RuleId);
        Assert.Contains("more than 20000 conditions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tagging_in_the_lifecycle_tag_group_is_refused()
    {
        var error = Single("""
            { "id": "vip-stage", "when": { "totalSpent": { "gte": 5000 } }, "then": { "addTags": [ { "group": "客户阶段", "name": "成交" } ] } }
            """);

        Assert.Equal(("vip-stage", "rules[0].then.addTags[0].group"), (error.RuleId, error.Path));
        Assert.Contains("use moveToStage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_rule_ids_are_refused()
    {
        var error = Single("""
            { "id": "fruit", "when": { "event": "purchase_recorded" }, "then": { "enterSegment": "a" } },
            { "id": "fruit", "when": { "event": "purchase_recorded" }, "then": { "enterSegment": "b" } }
            """);

        Assert.Equal(("fruit", "rules[1].id"), (error.RuleId, error.Path));
        Assert.Contains("also by rules[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_event_lists_the_known_ones()
    {
        var error = Single("""{ "id": "r", "when": { "event": ["contact_added", "contact_add"] }, "then": { "enterSegment": "s" } }""");

        Assert.Equal("rules[0].when.event", error.Path);
        Assert.Contains("unknown event 'contact_add' (events: contact_added, contact_half_added,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_placeholders_are_refused_in_tag_names_and_welcome_text()
    {
        var errors = Parse("""
            {
              "name": "t",
              "welcomeTemplates": [ { "id": "hi", "text": "您好{nickname|朋友}" } ],
              "rules": [ { "id": "r", "when": { "event": "contact_added" }, "then": { "addTags": [ { "group": "渠道", "name": "{State}" } ] } } ]
            }
            """);

        Assert.Equal([(null, "welcomeTemplates[0].text"), ("r", "rules[0].then.addTags[0].name")], errors.Select(e => (e.RuleId, e.Path)));
        Assert.Contains("unknown placeholder '{nickname}'", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("unknown placeholder '{State}' (known: {state}, {employee}, {channel})", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unclosed_brace_in_a_welcome_is_refused()
    {
        var errors = Parse("""{ "name": "t", "welcomeTemplates": [ { "id": "hi", "text": "您好{customer_name" } ], "rules": [] }""");

        Assert.Contains("is not closed", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_welcome_on_a_rule_that_only_runs_for_purchases_is_refused()
    {
        var errors = Parse("""
            {
              "name": "t",
              "welcomeTemplates": [ { "id": "hi", "text": "您好" } ],
              "rules": [ { "id": "r", "when": { "event": "purchase_recorded" }, "then": { "welcome": "hi" } } ]
            }
            """);

        Assert.Equal(("r", "rules[0].then.welcome"), (Assert.Single(errors).RuleId, errors[0].Path));
    }

    [Fact]
    public void Event_conditions_that_exclude_each_other_are_refused()
    {
        var error = Single("""{ "id": "never", "when": { "all": [ { "event": "contact_added" }, { "event": "purchase_recorded" } ] }, "then": { "enterSegment": "s" } }""");

        Assert.Equal("rules[0].when", error.Path);
        Assert.Contains("never match", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "id": "r", "when": { "event": "contact_added" } }""", "rules[0].then", "'then' is missing")]
    [InlineData("""{ "id": "r", "then": { "enterSegment": "s" } }""", "rules[0].when", "'when' is missing")]
    [InlineData("""{ "when": { "event": "contact_added" }, "then": { "enterSegment": "s" } }""", "rules[0].id", "'id' is missing")]
    [InlineData("""{ "id": "r", "when": { }, "then": { "enterSegment": "s" } }""", "rules[0].when", "an empty condition")]
    [InlineData("""{ "id": "r", "when": { "event": "contact_added" }, "then": { } }""", "rules[0].then", "'then' does nothing")]
    [InlineData("""{ "id": "r", "when": { "all": [] }, "then": { "enterSegment": "s" } }""", "rules[0].when.all", "empty list")]
    [InlineData("""{ "id": "r", "when": { "hasState": "yes" }, "then": { "enterSegment": "s" } }""", "rules[0].when.hasState", "true or false")]
    [InlineData("""{ "id": "r", "when": { "timeOfDay": { "from": "8:00", "to": "22:00" } }, "then": { "enterSegment": "s" } }""", "rules[0].when.timeOfDay.from", "HH:mm")]
    [InlineData("""{ "id": "r", "when": { "timeOfDay": { "from": "08:00", "to": "08:00" } }, "then": { "enterSegment": "s" } }""", "rules[0].when.timeOfDay", "the window is empty")]
    [InlineData("""{ "id": "r", "when": { "state": null }, "then": { "enterSegment": "s" } }""", "rules[0].when.state", "hasState")]
    [InlineData("""{ "id": "r", "when": { "joinScene": [1, "2"] }, "then": { "enterSegment": "s" } }""", "rules[0].when.joinScene[1]", "join scene")]
    [InlineData("""{ "id": "r", "when": { "hasTag": { "group": "兴趣" } }, "then": { "enterSegment": "s" } }""", "rules[0].when.hasTag.name", "'name' is missing")]
    [InlineData("""{ "id": "r", "when": { "event": "contact_added", "event": "contact_half_added" }, "then": { "enterSegment": "s" } }""", "rules[0].when.event", "given twice")]
    [InlineData("""{ "id": "r", "when": { "event": "contact_added" }, "then": { "addTags": [ { "group": "兴趣", "name": "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一" } ] } }""", "rules[0].then.addTags[0].name", "1 to 30 characters")]
    [InlineData("""{ "id": "r", "when": { "event": "contact_added" }, "then": { "addTags": [ { "group": "兴趣", "name": " 爱水果" } ] } }""", "rules[0].then.addTags[0].name", "leading or trailing spaces")]
    [InlineData("""{ "id": "r", "when": { "event": "contact_added" }, "then": { "addTags": [ { "group": "兴趣", "name": "爱水果" } ], "removeTags": [ { "group": "兴趣", "name": "爱水果" } ] } }""", "rules[0].then.removeTags[0]", "both added and removed")]
    public void Each_malformed_rule_is_refused_with_its_path(string rule, string path, string message)
    {
        var error = Single(rule);

        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_error_in_the_file_is_reported_not_only_the_first()
    {
        var exception = Assert.Throws<RuleSetException>(() => RuleSet.Parse(TaggingTests.Rules("""
            { "id": "a", "when": { "evnt": "contact_added" }, "then": { "enterSegment": "s" } },
            { "id": "b", "when": { "event": "contact_added" }, "then": { "moveToStage": "VIP" } },
            { "id": "c", "when": { "purchaseCount": { "gte": 5, "lt": 2 } }, "then": { "enterSegment": "s" } }
            """)));

        Assert.Equal(["a", "b", "c"], exception.Errors.Select(e => e.RuleId));
        Assert.Contains("rule 'a' (rules[0].when.evnt)", exception.Message, StringComparison.Ordinal);
        Assert.Contains("rule 'c' (rules[2].when.purchaseCount)", exception.Message, StringComparison.Ordinal);
        Assert.StartsWith("The rule set was refused (3 errors)", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "name": "t", "rules": [ """, "$", "not valid JSON")]
    [InlineData("""[]""", "$", "must be a JSON object")]
    [InlineData("""{ "rules": [] }""", "name", "'name' is missing")]
    [InlineData("""{ "name": "t" }""", "rules", "'rules' is missing")]
    [InlineData("""{ "name": "t", "rules": [], "timeZone": "Mars/Olympus" }""", "timeZone", "unknown time zone")]
    [InlineData("""{ "name": "t", "rules": [], "timeZone": "../../etc/passwd" }""", "timeZone", "unknown time zone")]
    [InlineData("""{ "name": "t", "rules": [], "lifecycle": { "stages": ["新", "老"] } }""", "lifecycle.lostStage", "not one of the stages")]
    [InlineData("""{ "name": "t", "rules": [], "lifecycle": { "stages": ["新", "新"], "lostStage": "新" } }""", "lifecycle.stages[1]", "listed twice")]
    [InlineData("""{ "name": "t", "rules": [], "lifecycle": { "tagGroups": "阶段" } }""", "lifecycle.tagGroups", "did you mean 'tagGroup'")]
    [InlineData("""{ "name": "t", "rules": [], "rule": [] }""", "rule", "did you mean 'rules'")]
    public void A_malformed_file_is_refused_with_its_path(string json, string path, string message)
    {
        var error = Assert.Single(Parse(json));

        Assert.Equal((null, path), (error.RuleId, error.Path));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "type": "link", "title": "礼包" }""", "welcomeTemplates[0].attachments[0].url", "'url' is missing")]
    [InlineData("""{ "type": "link", "title": "礼包", "url": "javascript:alert(1)" }""", "welcomeTemplates[0].attachments[0].url", "not an http(s) URL")]
    [InlineData("""{ "type": "image", "mediaId": "M1", "picUrl": "https://example.com/a.png" }""", "welcomeTemplates[0].attachments[0]", "exactly one of mediaId, picUrl, path, url")]
    [InlineData("""{ "type": "image" }""", "welcomeTemplates[0].attachments[0]", "exactly one of mediaId, picUrl, path, url")]
    [InlineData("""{ "type": "image", "mediaId": "M1", "url": "https://example.com/a.png" }""", "welcomeTemplates[0].attachments[0]", "exactly one of")]
    [InlineData("""{ "type": "image", "mediaId": "M1", "title": "图" }""", "welcomeTemplates[0].attachments[0].title", "does not belong in an image attachment")]
    [InlineData("""{ "type": "image", "path": "../secrets/key.png" }""", "welcomeTemplates[0].attachments[0]", "not a path relative to Media:Root")]
    [InlineData("""{ "type": "image", "path": "/etc/passwd" }""", "welcomeTemplates[0].attachments[0]", "not a path relative to Media:Root")]
    [InlineData("""{ "type": "file", "url": "ftp://example.com/a.pdf" }""", "welcomeTemplates[0].attachments[0].url", "not an http(s) URL")]
    [InlineData("""{ "type": "miniprogram", "title": "小程序", "appId": "wx1", "page": "pages/index" }""", "welcomeTemplates[0].attachments[0]", "a miniprogram's picture needs exactly one of picMediaId, picPath, picUrl")]
    [InlineData("""{ "type": "miniprogram", "title": "小程序", "appId": "wx1", "page": "pages/index", "picPath": "mp.png", "picMediaId": "M1" }""", "welcomeTemplates[0].attachments[0]", "exactly one of picMediaId, picPath, picUrl")]
    [InlineData("""{ "type": "video" }""", "welcomeTemplates[0].attachments[0]", "a video needs exactly one of mediaId, path, url")]
    [InlineData("""{ "type": "video", "path": "intro.mp4", "picPath": "p.png" }""", "welcomeTemplates[0].attachments[0].picPath", "does not belong in a video attachment")]
    [InlineData("""{ "type": "gif", "mediaId": "M1" }""", "welcomeTemplates[0].attachments[0].type", "unknown attachment type")]
    public void A_malformed_attachment_is_refused_with_its_path(string attachment, string path, string message)
    {
        var error = Assert.Single(Parse($$"""{ "name": "t", "welcomeTemplates": [ { "id": "w", "attachments": [ {{attachment}} ] } ], "rules": [] }"""));

        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Media_by_path_or_url_are_accepted_as_alternatives_to_a_media_id()
    {
        var rules = RuleSet.Parse("""
            { "name": "t", "rules": [], "welcomeTemplates": [ { "id": "w", "attachments": [
              { "type": "image", "path": "banners/welcome.png" },
              { "type": "video", "url": "https://cdn.example.com/intro.mp4" },
              { "type": "file", "mediaId": "M1" },
              { "type": "miniprogram", "title": "会员中心", "appId": "wx1", "page": "pages/vip", "picPath": "mp/vip.png" } ] } ] }
            """);

        var attachments = rules.FindWelcomeTemplate("w")!.Attachments;

        Assert.Equal(
            [("banners/welcome.png", null, null), (null, "https://cdn.example.com/intro.mp4", null), (null, null, "M1"), (null, null, null)],
            attachments.Select(a => (a.Path, a.Url, a.MediaId)));
        Assert.Equal("mp/vip.png", attachments[3].PicPath);
    }

    [Fact]
    public void A_welcome_with_ten_attachments_is_refused()
    {
        var attachments = string.Join(",", Enumerable.Repeat("""{ "type": "file", "mediaId": "M" }""", 10));

        var error = Assert.Single(Parse($$"""{ "name": "t", "welcomeTemplates": [ { "id": "w", "attachments": [ {{attachments}} ] } ], "rules": [] }"""));

        Assert.Equal("welcomeTemplates[0].attachments", error.Path);
        Assert.Contains("at most 9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_welcome_with_neither_text_nor_attachments_is_refused()
    {
        var error = Assert.Single(Parse("""{ "name": "t", "welcomeTemplates": [ { "id": "w" } ], "rules": [] }"""));

        Assert.Equal("welcomeTemplates[0]", error.Path);
    }

    [Fact]
    public void A_file_full_of_mistakes_reports_a_bounded_number_of_errors()
    {
        var rules = string.Join(",", Enumerable.Range(0, 500).Select(i => $$"""{ "id": "r{{i}}", "when": { "evnt": "x" }, "then": { "enterSegment": "s" } }"""));

        var errors = Errors(rules);

        Assert.Equal(RuleSetLimits.MaxErrors + 1, errors.Count);
        Assert.Contains("the rest are not listed", errors[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_allowed_in_hand_written_files()
    {
        var rules = RuleSet.Parse("""
            {
              // the shop's rules
              "name": "t",
              "rules": [
                { "id": "r", "when": { "event": "contact_added", }, "then": { "enterSegment": "s" } },
              ],
            }
            """);

        Assert.Equal(["r"], rules.RuleIds);
    }

    private static RuleSetError Single(string rules) => Assert.Single(Errors(rules));

    private static IReadOnlyList<RuleSetError> Errors(string rules) => Parse(TaggingTests.Rules(rules));

    private static IReadOnlyList<RuleSetError> Parse(string json) =>
        Assert.Throws<RuleSetException>(() => RuleSet.Parse(json)).Errors;
}
