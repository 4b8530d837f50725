using System.Text.Json.Nodes;
using WeComGateway.Emulator.State;

namespace WeComGateway.Emulator.Api;

/// <summary>
/// <c>/cgi-bin/service/…</c>: provider, suite and corp tokens; permanent codes and auth info. And <c>/cgi-bin/gettoken</c>,
/// where a 代开发 grant gets its corp token with the permanent code as the app secret.
/// </summary>
internal static class ServiceApis
{
    private const string AuthCodePrefix = "AUTH-";

    public static IEnumerable<ApiSpec> All =>
    [
        new("service/get_provider_token", TokenKind.None, ProviderToken),
        new("service/get_suite_token", TokenKind.None, SuiteToken, OmitsOkErrcode: true),
        new("service/get_permanent_code", TokenKind.Suite, PermanentCode, OmitsOkErrcode: true),
        new("service/get_auth_info", TokenKind.Suite, AuthInfo),
        new("service/get_corp_token", TokenKind.Suite, CorpToken, OmitsOkErrcode: true),
        new("gettoken", TokenKind.None, GetToken, IsGet: true),
    ];

    private static JsonObject ProviderToken(EmulatorState state, ApiCall call)
    {
        if (call.Body.Str("corpid") is not { } corpId)
        {
            return Json.Error(40013, "invalid corpid");
        }

        if (call.Body.Str("provider_secret") is null)
        {
            return Json.Error(40001, "invalid credential");
        }

        var (value, token) = state.Tokens.Issue(TokenKind.Provider, corpId, call.Now, state.TokenLifetime);
        return Json.Ok(new() { ["provider_access_token"] = value, ["expires_in"] = ExpiresIn(token, call) });
    }

    private static JsonObject SuiteToken(EmulatorState state, ApiCall call)
    {
        if (call.Body.Str("suite_id") is not { } suiteId)
        {
            return Json.Error(40083, "invalid suite_id");
        }

        if (call.Body.Str("suite_secret") is null)
        {
            return Json.Error(40001, "invalid credential");
        }

        if (call.Body.Str("suite_ticket") is null)
        {
            return Json.Error(40085, "invalid suite_ticket");
        }

        var (value, token) = state.Tokens.Issue(TokenKind.Suite, suiteId, call.Now, state.TokenLifetime);
        return Json.Ok(new() { ["suite_access_token"] = value, ["expires_in"] = ExpiresIn(token, call) });
    }

    private static JsonObject PermanentCode(EmulatorState state, ApiCall call)
    {
        if (call.Body.Str("auth_code") is not { } authCode || !state.UsedAuthCodes.Add(authCode))
        {
            return Json.Error(40078, "invalid auth_code");
        }

        var grant = state.AuthCodes.Remove(authCode, out var registered)
            ? registered
            : authCode.StartsWith(AuthCodePrefix, StringComparison.Ordinal) && authCode.Length > AuthCodePrefix.Length
                ? new AuthGrant(authCode[AuthCodePrefix.Length..], null, null)
                : state.DefaultCorpId.Length > 0 ? new AuthGrant(state.DefaultCorpId, null, null) : null;
        if (grant is null)
        {
            return Json.Error(40078, "invalid auth_code");
        }

        var corp = state.Corp(grant.CorpId, grant.CorpName);
        call.CorpId = grant.CorpId;

        var permanentCode = grant.PermanentCode ?? Json.NewId(string.Empty, 43);
        state.PermanentCodes[permanentCode] = grant.CorpId;
        if (call.SuiteId is { } suiteId)
        {
            state.PermanentCodeSuites[permanentCode] = suiteId;
        }

        var (value, token) = state.Tokens.Issue(TokenKind.Corp, grant.CorpId, call.Now, state.TokenLifetime, call.SuiteId);

        var answer = AuthDetails(corp);
        answer["access_token"] = value;
        answer["expires_in"] = ExpiresIn(token, call);
        answer["permanent_code"] = permanentCode;
        answer["auth_user_info"] = new JsonObject { ["userid"] = "zhangsan", ["open_userid"] = "woAJ2GCAAAzhangsan", ["name"] = "张三" };
        answer["state"] = call.Body.Str("state") ?? string.Empty;
        return Json.Ok(answer);
    }

    private static JsonObject AuthInfo(EmulatorState state, ApiCall call) =>
        Authorized(state, call) is { } corp ? Json.Ok(AuthDetails(corp)) : Json.Error(40084, "invalid permanent_code");

    /// <summary>A 代开发 template's code (its suite id starts with <c>dk</c>) is an app secret, not a third-party code: 40084, as WeCom answers.</summary>
    private static JsonObject CorpToken(EmulatorState state, ApiCall call)
    {
        if (Authorized(state, call) is not { } corp
            || (state.PermanentCodeSuites.TryGetValue(call.Body.Str("permanent_code")!, out var suiteId) && suiteId.StartsWith("dk", StringComparison.Ordinal)))
        {
            return Json.Error(40084, "invalid permanent_code");
        }

        var (value, token) = state.Tokens.Issue(TokenKind.Corp, corp.CorpId, call.Now, state.TokenLifetime, call.SuiteId);
        return Json.Ok(new() { ["access_token"] = value, ["expires_in"] = ExpiresIn(token, call) });
    }

    /// <summary>
    /// GET <c>gettoken?corpid=&amp;corpsecret=</c>: the self-built way, which a 代开发 grant uses with its permanent code as
    /// the secret. A secret WeCom does not know (never issued, or the corp removed the app) answers 40001.
    /// </summary>
    private static JsonObject GetToken(EmulatorState state, ApiCall call)
    {
        call.CorpId = call.Query["corpid"].ToString() is { Length: > 0 } corpId ? corpId : null;
        if (call.CorpId is null || !state.Corps.ContainsKey(call.CorpId))
        {
            return Json.Error(40013, "invalid corpid");
        }

        var secret = call.Query["corpsecret"].ToString();
        if (!state.PermanentCodes.TryGetValue(secret, out var owner) || owner != call.CorpId)
        {
            return Json.Error(40001, "invalid credential");
        }

        call.SuiteId = state.PermanentCodeSuites.GetValueOrDefault(secret);
        var (value, token) = state.Tokens.Issue(TokenKind.Corp, call.CorpId, call.Now, state.TokenLifetime, call.SuiteId);
        return Json.Ok(new() { ["access_token"] = value, ["expires_in"] = ExpiresIn(token, call) });
    }

    private static CorpState? Authorized(EmulatorState state, ApiCall call)
    {
        call.CorpId = call.Body.Str("auth_corpid");
        return call.Body.Str("permanent_code") is { } code
               && state.PermanentCodes.TryGetValue(code, out var corpId)
               && corpId == call.CorpId
            ? state.Corps[corpId]
            : null;
    }

    private static JsonObject AuthDetails(CorpState corp) => new()
    {
        ["auth_corp_info"] = new JsonObject
        {
            ["corpid"] = corp.CorpId,
            ["corp_name"] = corp.CorpName,
            ["corp_full_name"] = corp.CorpName + "有限公司",
            ["corp_type"] = "verified",
            ["subject_type"] = 1,
            ["corp_user_max"] = 200,
        },
        ["auth_info"] = new JsonObject
        {
            ["agent"] = new JsonArray(new JsonObject
            {
                ["agentid"] = MessageApis.AgentId,
                ["name"] = "客户助手",
                ["auth_mode"] = 0,
                ["is_customized_app"] = false,
            }),
        },
    };

    private static int ExpiresIn(IssuedToken token, ApiCall call) => (int)Math.Ceiling((token.ExpiresAt - call.Now).TotalSeconds);
}
