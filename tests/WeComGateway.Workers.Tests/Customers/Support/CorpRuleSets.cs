namespace WeComGateway.Workers.Tests.Customers.Support;

/// <summary>Per-corp rule sets the way an operator stores them through the admin API.</summary>
public static class CorpRuleSets
{
    /// <summary>Customers from a poster QR code (state <c>poster-…</c>) get the poster welcome; everyone else the default.</summary>
    public const string PosterWelcome = """
        {
          "name": "poster campaign",
          "welcomeTemplates": [
            { "id": "default", "text": "您好{customer_name|}，欢迎光临水果铺！" },
            { "id": "poster", "text": "{customer_name|您好}，感谢扫码！海报专享优惠已发放～" }
          ],
          "defaultWelcome": "default",
          "rules": [
            { "id": "poster-welcome", "when": { "event": "contact_added", "statePrefix": "poster-" }, "then": { "welcome": "poster" } }
          ]
        }
        """;

    /// <summary>Customers who bought before they add an employee get the returning-buyer welcome; fruit buyers are tagged 兴趣/爱水果.</summary>
    public const string ReturningBuyerWelcome = """
        {
          "name": "水果铺 returning buyers",
          "welcomeTemplates": [
            { "id": "default", "text": "您好{customer_name|}，欢迎光临水果铺！" },
            { "id": "returning", "text": "{customer_name|您好}，欢迎回来！老顾客专享优惠已发放～" }
          ],
          "defaultWelcome": "default",
          "rules": [
            { "id": "returning-buyer", "when": { "event": "contact_added", "purchaseCount": { "gte": 1 } }, "then": { "welcome": "returning" } },
            {
              "id": "fruit-lover",
              "when": { "event": "purchase_recorded", "boughtCategory": "水果" },
              "then": { "addTags": [ { "group": "兴趣", "name": "爱水果" } ] }
            }
          ]
        }
        """;

    /// <summary>New customers start as 新客户; fruit buyers are tagged 兴趣/爱水果.</summary>
    public const string FruitLover = """
        {
          "name": "水果铺 tagging",
          "rules": [
            { "id": "first-stage", "when": { "event": "contact_added", "stage": null }, "then": { "moveToStage": "新客户" } },
            {
              "id": "fruit-lover",
              "when": { "event": "purchase_recorded", "boughtCategory": "水果" },
              "then": { "addTags": [ { "group": "兴趣", "name": "爱水果" } ] }
            }
          ]
        }
        """;

    /// <summary>An important customer about to churn: 3+ purchases, the last 30–60 days ago, 500+ spent.</summary>
    public const string AtRisk = """
        {
          "name": "水果铺 retention",
          "rules": [
            { "id": "first-stage", "when": { "event": "contact_added", "stage": null }, "then": { "moveToStage": "新客户" } },
            {
              "id": "at-risk",
              "when": { "all": [ { "purchaseCount": { "gte": 3 } }, { "daysSinceLastPurchase": { "gte": 30, "lte": 60 } }, { "totalSpent": { "gte": 500 } } ] },
              "then": { "enterSegment": "at-risk", "addTags": [ { "group": "价值", "name": "重要挽留" } ] }
            }
          ]
        }
        """;
}
