using WeComGateway.Contracts;

namespace WeComGateway.Workers.Tests.Support;

/// <summary>Authorization events as the receiver publishes them.</summary>
public static class Events
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    public static AuthorizationCreated Created(string authCode, string suiteId = WorkerHarness.SuiteId) => new()
    {
        SuiteId = suiteId,
        AuthCode = authCode,
        EventTime = At,
        ReceivedAt = At,
        DedupeKey = Key(authCode),
    };

    public static AuthorizationChanged Changed(string? corpId, string suiteId = WorkerHarness.SuiteId) => new()
    {
        SuiteId = suiteId,
        CorpId = corpId,
        EventTime = At,
        ReceivedAt = At,
        DedupeKey = Key("change" + corpId),
    };

    public static AuthorizationCancelled Cancelled(string corpId, string suiteId = WorkerHarness.SuiteId) => new()
    {
        SuiteId = suiteId,
        CorpId = corpId,
        EventTime = At,
        ReceivedAt = At,
        DedupeKey = Key("cancel" + corpId),
    };

    public static PermanentCodeReset Reset(string authCode, string suiteId = WorkerHarness.SuiteId) => new()
    {
        SuiteId = suiteId,
        AuthCode = authCode,
        EventTime = At,
        ReceivedAt = At,
        DedupeKey = Key(authCode),
    };

    /// <summary>A unique corp id per test.</summary>
    public static string NewCorpId() => "ww" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>A fresh, long, recognisable secret so a leak in logs is unambiguous.</summary>
    public static string NewSecret(string kind) => $"{kind}-{Guid.NewGuid():N}{Guid.NewGuid():N}";

    private static string Key(string seed) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed)));
}
