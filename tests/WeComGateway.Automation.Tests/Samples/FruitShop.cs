namespace WeComGateway.Automation.Tests;

/// <summary>A fruit shop's rules, the way an operator writes them: the README's example plus a few more.</summary>
internal static class FruitShop
{
    public const string Json = """
        {
          "name": "水果铺 rules",
          "timeZone": "Asia/Shanghai",
          "lifecycle": { "stages": ["新客户", "初步沟通", "意向客户", "成交", "无意向"], "tagGroup": "客户阶段", "lostStage": "无意向" },
          "welcomeTemplates": [
            {
              "id": "default",
              "text": "您好{customer_name|}，我是{employee_name|您的专属顾问}，很高兴为您服务！",
              "attachments": [ { "type": "link", "title": "新人礼包", "url": "https://example.com/gift" } ]
            },
            { "id": "poster", "text": "感谢扫码！海报专享优惠已发放～" },
            { "id": "vip-desk", "text": "您好，我是VIP专属顾问{employee_name}。" },
            { "id": "night", "text": "夜深了，{customer_name|朋友}，明早 8 点我们第一时间回复您。" }
          ],
          "defaultWelcome": "default",
          "rules": [
            {
              "id": "channel-tag",
              "description": "Every new customer is tagged with the channel that brought them.",
              "when": { "event": ["contact_added", "contact_half_added"], "hasState": true },
              "then": { "addTags": [ { "group": "渠道", "name": "{state}" } ] }
            },
            { "id": "first-stage", "when": { "event": "contact_added", "stage": null }, "then": { "moveToStage": "新客户" } },
            {
              "id": "joined-group-interested",
              "when": { "event": "group_member_joined", "stage": ["新客户", "初步沟通"] },
              "then": { "moveToStage": "意向客户" }
            },
            {
              "id": "first-purchase-closes",
              "when": { "event": "purchase_recorded", "stage": [null, "新客户", "初步沟通", "意向客户"] },
              "then": { "moveToStage": "成交" }
            },
            {
              "id": "fruit-lover",
              "when": { "event": "purchase_recorded", "boughtCategory": "水果" },
              "then": { "addTags": [ { "group": "兴趣", "name": "爱水果" } ] }
            },
            {
              "id": "at-risk",
              "when": { "all": [ { "purchaseCount": { "gte": 3 } }, { "daysSinceLastPurchase": { "gte": 30, "lte": 60 } }, { "totalSpent": { "gte": 500 } } ] },
              "then": { "enterSegment": "at-risk", "addTags": [ { "group": "价值", "name": "重要挽留" } ] }
            },
            {
              "id": "lapsed-member",
              "when": { "membership": "lapsed" },
              "then": { "addTags": [ { "group": "身份", "name": "流失会员" } ], "removeTags": [ { "group": "身份", "name": "会员" } ] }
            },
            {
              "id": "active-member",
              "when": { "membership": "active" },
              "then": { "addTags": [ { "group": "身份", "name": "会员" } ], "removeTags": [ { "group": "身份", "name": "流失会员" } ] }
            },
            { "id": "poster-welcome", "when": { "statePrefix": "poster-", "timeOfDay": { "from": "08:00", "to": "22:00" } }, "then": { "welcome": "poster" } },
            { "id": "vip-desk-welcome", "when": { "event": "contact_added", "employee": ["vip-li", "vip-wang"] }, "then": { "welcome": "vip-desk" } },
            { "id": "night-welcome", "when": { "event": "contact_added", "timeOfDay": { "from": "22:00", "to": "08:00" } }, "then": { "welcome": "night" } }
          ]
        }
        """;

    public static RuleSet Rules { get; } = RuleSet.Parse(Json);
}
