using System.Security.Cryptography;
using System.Text;
using WeComGateway.Contracts;

namespace WeComGateway.Workers.Tests.Customers.Support;

/// <summary>Customer events as the receiver (WeCom callbacks) and the shop (purchases) publish them.</summary>
public static class CustomerEvents
{
    public const string Employee = "zhangsan";

    public static ExternalContactAdded Added(
        string corpId, string externalUserId, DateTimeOffset eventTime, string? state = null, string? welcomeCode = null, string userId = Employee) => new()
        {
            SuiteId = AutomationHarness.SuiteId,
            CorpId = corpId,
            UserId = userId,
            ExternalUserId = externalUserId,
            State = state,
            WelcomeCode = welcomeCode,
            EventTime = eventTime,
            ReceivedAt = eventTime,
            DedupeKey = Key($"add:{corpId}:{externalUserId}:{userId}:{eventTime.ToUnixTimeSeconds()}"),
        };

    /// <summary>edit_external_contact: the employee edited the customer (remark, description or tags) in the WeCom app.</summary>
    public static ExternalContactEdited Edited(string corpId, string externalUserId, DateTimeOffset eventTime, string userId = Employee) => new()
    {
        SuiteId = AutomationHarness.SuiteId,
        CorpId = corpId,
        UserId = userId,
        ExternalUserId = externalUserId,
        EventTime = eventTime,
        ReceivedAt = eventTime,
        DedupeKey = Key($"edit:{corpId}:{externalUserId}:{userId}:{eventTime.ToUnixTimeMilliseconds()}"),
    };

    public static ExternalContactDeletedByCustomer DeletedByCustomer(string corpId, string externalUserId, DateTimeOffset eventTime, string userId = Employee) => new()
    {
        SuiteId = AutomationHarness.SuiteId,
        CorpId = corpId,
        UserId = userId,
        ExternalUserId = externalUserId,
        EventTime = eventTime,
        ReceivedAt = eventTime,
        DedupeKey = Key($"del_follow_user:{corpId}:{externalUserId}:{userId}:{eventTime.ToUnixTimeSeconds()}"),
    };

    public static CustomerPurchaseRecorded Purchase(
        string corpId, string externalUserId, string orderId, decimal amount, DateTimeOffset purchasedAt, params string[] categories) => new()
        {
            CorpId = corpId,
            ExternalUserId = externalUserId,
            OrderId = orderId,
            Amount = amount,
            PurchasedAt = purchasedAt,
            Categories = categories,
        };

    /// <summary>change_external_tag/create: someone created a tag in the WeCom console.</summary>
    public static CorpTagCreated TagCreated(string corpId, string tagId, DateTimeOffset eventTime) => new()
    {
        SuiteId = AutomationHarness.SuiteId,
        CorpId = corpId,
        Id = tagId,
        TagType = "tag",
        EventTime = eventTime,
        ReceivedAt = eventTime,
        DedupeKey = Key($"create_tag:{corpId}:{tagId}"),
    };

    /// <summary>A single-use welcome code as WeCom hands them out.</summary>
    public static string NewWelcomeCode() => "WELCOMECODE-" + Guid.NewGuid().ToString("N");

    private static string Key(string seed) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));
}
