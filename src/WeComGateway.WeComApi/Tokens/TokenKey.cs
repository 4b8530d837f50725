using WeComGateway.Storage.Redis;

namespace WeComGateway.WeComApi.Tokens;

public enum TokenKind
{
    /// <summary>provider_access_token: provider corp id + provider secret (get_provider_token).</summary>
    Provider,

    /// <summary>suite_access_token: suite id + suite secret + latest suite ticket (get_suite_token).</summary>
    Suite,

    /// <summary>access_token of an authorized corp: suite token + permanent code (get_corp_token).</summary>
    Corp,
}

/// <summary>Which token. Corp tokens are per (suite, corp): two suites of one provider get different tokens.</summary>
public readonly record struct TokenKey(TokenKind Kind, string? SuiteId = null, string? CorpId = null)
{
    public static TokenKey Provider() => new(TokenKind.Provider);

    public static TokenKey Suite(string suiteId) => new(TokenKind.Suite, suiteId);

    public static TokenKey Corp(string suiteId, string corpId) => new(TokenKind.Corp, suiteId, corpId);

    /// <summary>The Redis key (prefix <c>wecomgw:</c> added by the store): <c>provider:token</c>, <c>suite:{id}:token</c>, <c>{{corp}}:suite:{suite}:token</c> (the
    /// corp's hash tag: a corp token is one of the corp's keys, removed with them).</summary>
    public string CacheKey => Kind switch
    {
        TokenKind.Provider => "provider:token",
        TokenKind.Suite => $"suite:{SuiteId}:token",
        TokenKind.Corp => RedisKeys.CorpToken(CorpId!, SuiteId!).ToString()[RedisKeys.Prefix.Length..],
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null),
    };

    public override string ToString() => Kind switch
    {
        TokenKind.Provider => "provider token",
        TokenKind.Suite => $"suite token of {SuiteId}",
        _ => $"corp token of {CorpId} (suite {SuiteId})",
    };
}

/// <summary>A token and when WeCom says it expires. <see cref="ToString"/> never prints the value.</summary>
public sealed record AccessToken(string Value, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"AccessToken(expires {ExpiresAt:O})";
}
