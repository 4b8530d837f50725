using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using WeComGateway.Emulator.Api;
using WeComGateway.Emulator.State;

namespace WeComGateway.Emulator;

/// <summary>
/// Everything the emulator remembers: tokens, authorized corps and their tags, customers, welcomes and contact ways,
/// injected failures and the call log. One lock guards it all; a singleton registered by
/// <see cref="EmulatorEndpoints.AddWeComEmulator"/>.
/// </summary>
internal sealed class EmulatorState
{
    private readonly Lock _gate = new();
    private readonly IOptionsMonitor<EmulatorOptions> _options;
    private readonly Dictionary<string, FailurePlan> _failures = new(StringComparer.Ordinal);

    public EmulatorState(TimeProvider time, IOptionsMonitor<EmulatorOptions> options)
    {
        Time = time;
        _options = options;
        Calls = new CallLog(options.CurrentValue.CallLogCapacity);
    }

    internal TimeProvider Time { get; }

    internal TimeSpan TokenLifetime => _options.CurrentValue.TokenLifetime;

    internal string DefaultCorpId => _options.CurrentValue.DefaultCorpId;

    internal TokenBook Tokens { get; } = new();

    internal CallLog Calls { get; }

    internal Dictionary<string, CorpState> Corps { get; } = new(StringComparer.Ordinal);

    /// <summary>permanent_code → corp id.</summary>
    internal Dictionary<string, string> PermanentCodes { get; } = new(StringComparer.Ordinal);

    internal HashSet<string> UsedAuthCodes { get; } = new(StringComparer.Ordinal);

    internal CorpState Corp(string corpId, string corpName)
    {
        if (!Corps.TryGetValue(corpId, out var corp))
        {
            corp = new CorpState(corpId, corpName);
            Corps[corpId] = corp;
        }

        return corp;
    }

    /// <summary>Runs one API call: token check, injected failure, the handler, the log entry.</summary>
    internal JsonObject Invoke(ApiSpec api, string method, JsonObject body, IQueryCollection query)
    {
        lock (_gate)
        {
            var call = new ApiCall(body, query, Time.GetUtcNow());
            var answer = CheckToken(api.Token, call) ?? InjectedFailure(api.Name) ?? api.Handle(this, call);
            var errcode = Json.ErrCode(answer);
            Calls.Capacity = _options.CurrentValue.CallLogCapacity;
            Calls.Add(call.Now, method, api.Path, call.CorpId, body, errcode);
            if (errcode == 0 && api.OmitsOkErrcode)
            {
                answer.Remove("errcode");
                answer.Remove("errmsg");
            }

            return answer;
        }
    }

    /// <summary>Makes the next <paramref name="times"/> calls of an API answer <paramref name="errcode"/>.</summary>
    internal void FailNext(string apiName, int errcode, int times)
    {
        lock (_gate)
        {
            _failures[apiName] = new FailurePlan(errcode, times);
        }
    }

    internal void Reset()
    {
        lock (_gate)
        {
            Tokens.Clear();
            Calls.Clear();
            Corps.Clear();
            PermanentCodes.Clear();
            UsedAuthCodes.Clear();
            _failures.Clear();
        }
    }

    internal T Read<T>(Func<EmulatorState, T> read)
    {
        lock (_gate)
        {
            return read(this);
        }
    }

    internal IReadOnlyDictionary<string, FailurePlan> Failures => _failures;

    private JsonObject? CheckToken(TokenKind kind, ApiCall call)
    {
        if (kind == TokenKind.None)
        {
            return null;
        }

        var parameter = kind switch
        {
            TokenKind.Suite => "suite_access_token",
            TokenKind.Provider => "provider_access_token",
            _ => "access_token",
        };
        var value = call.Query[parameter].ToString();
        if (value.Length == 0)
        {
            return Json.Error(41001, $"{parameter} missing");
        }

        var token = Tokens.Find(value);
        if (token is null || token.Kind != kind)
        {
            return kind == TokenKind.Corp
                ? Json.Error(40014, "invalid access_token")
                : Json.Error(40082, $"invalid {parameter}");
        }

        if (kind == TokenKind.Corp)
        {
            call.CorpId = token.Owner;
        }

        if (token.ExpiresAt <= call.Now)
        {
            return kind == TokenKind.Corp
                ? Json.Error(42001, "access_token expired")
                : Json.Error(42009, $"{parameter} expired");
        }

        return null;
    }

    private JsonObject? InjectedFailure(string apiName)
    {
        if (!_failures.TryGetValue(apiName, out var plan))
        {
            return null;
        }

        if (plan.Remaining <= 1)
        {
            _failures.Remove(apiName);
        }
        else
        {
            _failures[apiName] = plan with { Remaining = plan.Remaining - 1 };
        }

        return Json.Error(plan.Errcode, "failing on purpose (emulator/fail)");
    }
}

internal sealed record FailurePlan(int Errcode, int Remaining);
