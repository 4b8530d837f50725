using System.Text.Json.Serialization;

namespace WeComGateway.WeComApi.Service;

public sealed record ProviderTokenRequest(
    [property: JsonPropertyName("corpid")] string CorpId,
    [property: JsonPropertyName("provider_secret")] string ProviderSecret);

public sealed class ProviderTokenResponse : WeComResponse
{
    [JsonPropertyName("provider_access_token")]
    public string? ProviderAccessToken { get; set; }

    [JsonPropertyName("expires_in")]
    public int ExpiresIn { get; set; }
}

public sealed record SuiteTokenRequest(
    [property: JsonPropertyName("suite_id")] string SuiteId,
    [property: JsonPropertyName("suite_secret")] string SuiteSecret,
    [property: JsonPropertyName("suite_ticket")] string SuiteTicket);

public sealed class SuiteTokenResponse : WeComResponse
{
    [JsonPropertyName("suite_access_token")]
    public string? SuiteAccessToken { get; set; }

    [JsonPropertyName("expires_in")]
    public int ExpiresIn { get; set; }
}

public sealed record PermanentCodeRequest([property: JsonPropertyName("auth_code")] string AuthCode);

public sealed class PermanentCodeResponse : WeComResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("expires_in")]
    public int ExpiresIn { get; set; }

    [JsonPropertyName("permanent_code")]
    public string? PermanentCode { get; set; }

    [JsonPropertyName("auth_corp_info")]
    public AuthCorpInfo? AuthCorpInfo { get; set; }

    [JsonPropertyName("auth_info")]
    public AuthInfo? AuthInfo { get; set; }

    [JsonPropertyName("auth_user_info")]
    public AuthUserInfo? AuthUserInfo { get; set; }

    [JsonPropertyName("state")]
    public string? State { get; set; }
}

public sealed record AuthInfoRequest(
    [property: JsonPropertyName("auth_corpid")] string AuthCorpId,
    [property: JsonPropertyName("permanent_code")] string PermanentCode);

public sealed class AuthInfoResponse : WeComResponse
{
    [JsonPropertyName("auth_corp_info")]
    public AuthCorpInfo? AuthCorpInfo { get; set; }

    [JsonPropertyName("auth_info")]
    public AuthInfo? AuthInfo { get; set; }
}

public sealed record CorpTokenRequest(
    [property: JsonPropertyName("auth_corpid")] string AuthCorpId,
    [property: JsonPropertyName("permanent_code")] string PermanentCode);

public sealed class CorpTokenResponse : WeComResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("expires_in")]
    public int ExpiresIn { get; set; }
}

public sealed class AuthCorpInfo
{
    [JsonPropertyName("corpid")]
    public string CorpId { get; set; } = string.Empty;

    [JsonPropertyName("corp_name")]
    public string? CorpName { get; set; }

    [JsonPropertyName("corp_full_name")]
    public string? CorpFullName { get; set; }

    [JsonPropertyName("corp_type")]
    public string? CorpType { get; set; }

    [JsonPropertyName("subject_type")]
    public int? SubjectType { get; set; }

    [JsonPropertyName("corp_user_max")]
    public int? CorpUserMax { get; set; }

    [JsonPropertyName("corp_scale")]
    public string? CorpScale { get; set; }

    [JsonPropertyName("corp_industry")]
    public string? CorpIndustry { get; set; }
}

public sealed class AuthInfo
{
    [JsonPropertyName("agent")]
    public List<AuthAgent> Agents { get; set; } = [];
}

public sealed class AuthAgent
{
    [JsonPropertyName("agentid")]
    public long AgentId { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("auth_mode")]
    public int? AuthMode { get; set; }

    [JsonPropertyName("is_customized_app")]
    public bool? IsCustomizedApp { get; set; }
}

public sealed class AuthUserInfo
{
    [JsonPropertyName("userid")]
    public string? UserId { get; set; }

    [JsonPropertyName("open_userid")]
    public string? OpenUserId { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }
}
