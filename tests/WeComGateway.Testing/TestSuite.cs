using System.Security.Cryptography;

namespace WeComGateway.Testing;

/// <summary>A suite as configured in the gateway, plus the ids WeCom would seal into its callbacks.</summary>
public sealed record TestSuite(string SuiteId, string Token, string EncodingAesKey, string ProviderCorpId, string CorpId)
{
    /// <summary>The token and key of the published vectors V1/V2 (docs/wecom-protocol.md, "Test vectors"), receive id wx5823bf96d3bd56c7.</summary>
    public static TestSuite Official { get; } = new(
        "wwofficialsuite01", "QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7", "wwofficialcorp001");

    /// <summary>A fresh suite with its own ids, token and key, so tests sharing a broker or Redis never see each other's events.</summary>
    public static TestSuite Fresh()
    {
        var id = RandomNumberGenerator.GetHexString(12, lowercase: true);
        return new($"wwsuite{id}", RandomAlphanumeric(32), RandomAlphanumeric(43), $"wwprov{id}", $"wwcorp{id}");
    }

    public IEnumerable<KeyValuePair<string, string?>> Configuration(int index = 0) =>
    [
        new($"WeCom:Suites:{index}:SuiteId", SuiteId),
        new($"WeCom:Suites:{index}:Token", Token),
        new($"WeCom:Suites:{index}:EncodingAesKey", EncodingAesKey),
        new("WeCom:ProviderCorpId", ProviderCorpId),
    ];

    private static string RandomAlphanumeric(int length) =>
        RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", length);
}
