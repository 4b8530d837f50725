using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using WeComGateway.Emulator.Api;
using WeComGateway.Emulator.State;

namespace WeComGateway.Emulator;

/// <summary>
/// Everything the emulator remembers: tokens, authorized corps and their tags, customers, welcomes and contact ways,
/// registered auth codes, planned failures and the call log. One lock guards it all; a singleton registered by
/// <see cref="EmulatorEndpoints.AddWeComEmulator"/>.
/// </summary>
internal sealed class EmulatorState
{
    private readonly Lock _gate = new();
    private readonly IOptionsMonitor<EmulatorOptions> _options;
    private readonly FailureBook _failures = new();
    private CancellationTokenSource _release = new();

    public EmulatorState(TimeProvider time, IOptionsMonitor<EmulatorOptions> options)
    {
        Time = time;
        _options = options;
        Calls = new CallLog(options.CurrentValue.CallLogCapacity);
    }

    internal TimeProvider Time { get; }

    internal TimeSpan TokenLifetime => _options.CurrentValue.TokenLifetime;

    internal string DefaultCorpId => _options.CurrentValue.DefaultCorpId;

    internal int FollowUserPageSize => _options.CurrentValue.FollowUserPageSize;

    internal int MaxContactWays => _options.CurrentValue.MaxContactWays;

    internal TimeSpan MediaLifetime => _options.CurrentValue.MediaLifetime;

    internal int GroupMessageMonthlyLimit => _options.CurrentValue.GroupMessageMonthlyLimit;

    internal bool AutoConfirmGroupMessages => _options.CurrentValue.AutoConfirmGroupMessages;
    internal TimeSpan MomentTaskDuration => _options.CurrentValue.MomentTaskDuration;

    internal TokenBook Tokens { get; } = new();

    internal CallLog Calls { get; }

    internal Dictionary<string, CorpState> Corps { get; } = new(StringComparer.Ordinal);

    /// <summary>permanent_code → corp id.</summary>
    internal Dictionary<string, string> PermanentCodes { get; } = new(StringComparer.Ordinal);

    /// <summary>permanent_code → the suite that exchanged it (a 代开发 template's code is the app's gettoken secret).</summary>
    internal Dictionary<string, string> PermanentCodeSuites { get; } = new(StringComparer.Ordinal);

    internal HashSet<string> UsedAuthCodes { get; } = new(StringComparer.Ordinal);

    /// <summary>Auth codes registered through <c>/emulator/auth-codes</c>, not exchanged yet.</summary>
    internal Dictionary<string, AuthGrant> AuthCodes { get; } = new(StringComparer.Ordinal);

    internal IEnumerable<(string Api, FailurePlan Plan)> Failures => _failures.All;

    internal CorpState Corp(string corpId, string? corpName = null)
    {
        if (!Corps.TryGetValue(corpId, out var corp))
        {
            corp = new CorpState(corpId, corpName ?? "模拟企业 " + corpId);
            Corps[corpId] = corp;
        }
        else if (corpName is not null)
        {
            corp.CorpName = corpName;
        }

        return corp;
    }

    /// <summary>
    /// Runs one API call: token check, planned failure, the handler, the log entry. The call is logged as it arrives;
    /// a planned delay holds back only the answer (as a slow WeCom that has already acted).
    /// </summary>
    internal ApiAnswer Invoke(ApiSpec api, string method, JsonObject body, IQueryCollection query)
    {
        lock (_gate)
        {
            var call = new ApiCall(body, query, Time.GetUtcNow());
            var refused = CheckToken(api.Token, call);
            call.CorpId ??= body.Str("auth_corpid");
            var plan = refused is null ? _failures.Take(api.Name, call.CorpId) : null;
            var answer = refused ?? plan?.Answer() ?? api.Handle(this, call);
            var status = refused is null ? plan?.HttpStatus ?? 200 : 200;
            var errcode = status == 200 ? Json.ErrCode(answer) : 0;
            Calls.Capacity = _options.CurrentValue.CallLogCapacity;
            Calls.Add(call.Now, method, api.Path, call, errcode, status);
            if (errcode == 0 && api.OmitsOkErrcode)
            {
                answer.Remove("errcode");
                answer.Remove("errmsg");
            }

            return new ApiAnswer(answer, status, plan?.Delay ?? TimeSpan.Zero);
        }
    }

    /// <summary>Waits out a planned delay on the emulator's clock; <see cref="Release"/> ends every wait at once.</summary>
    internal async Task DelayAsync(TimeSpan delay, CancellationToken requestAborted)
    {
        CancellationToken released;
        lock (_gate)
        {
            released = _release.Token;
        }

        using var either = CancellationTokenSource.CreateLinkedTokenSource(released, requestAborted);
        try
        {
            await Task.Delay(delay, Time, either.Token);
        }
        catch (OperationCanceledException) when (released.IsCancellationRequested && !requestAborted.IsCancellationRequested)
        {
            // Released: answer now.
        }
    }

    /// <summary>Answers every call that is waiting out a planned delay now.</summary>
    internal void Release()
    {
        CancellationTokenSource released;
        lock (_gate)
        {
            released = _release;
            _release = new CancellationTokenSource();
        }

        released.Cancel();
        released.Dispose();
    }

    internal void FailNext(string apiName, FailurePlan plan)
    {
        lock (_gate)
        {
            _failures.Add(apiName, plan);
        }
    }

    internal void ClearFailures(string? apiName)
    {
        lock (_gate)
        {
            _failures.Clear(apiName);
        }
    }

    /// <summary>Creates or renames a corp; with a permanent code it is authorized as if installed earlier.</summary>
    internal void Authorize(string corpId, string? corpName, string? permanentCode)
    {
        lock (_gate)
        {
            Corp(corpId, corpName);
            if (permanentCode is not null)
            {
                PermanentCodes[permanentCode] = corpId;
            }
        }
    }

    /// <summary>Registers a single-use auth code that get_permanent_code exchanges for this corp (and permanent code).</summary>
    internal string IssueAuthCode(string corpId, string? corpName, string? permanentCode, string? authCode)
    {
        lock (_gate)
        {
            authCode ??= Json.NewId("AUTHCODE-", 32);
            AuthCodes[authCode] = new AuthGrant(corpId, corpName, permanentCode);
            UsedAuthCodes.Remove(authCode);
            return authCode;
        }
    }

    /// <summary>The corp took the app away: its permanent codes stop working (40084) and its corp token is expired.</summary>
    internal bool Revoke(string corpId)
    {
        lock (_gate)
        {
            var codes = PermanentCodes.Where(p => p.Value == corpId).Select(p => p.Key).ToList();
            codes.ForEach(code => PermanentCodes.Remove(code));
            codes.ForEach(code => PermanentCodeSuites.Remove(code));
            Tokens.Expire(TokenKind.Corp, corpId, Time.GetUtcNow());
            return codes.Count > 0;
        }
    }

    /// <summary>Tags created in the WeCom admin console: like add_corp_tag, but no token and no call log entry.</summary>
    internal JsonObject AddConsoleTags(string corpId, JsonObject body)
    {
        lock (_gate)
        {
            return CorpTagApis.AddTags(Corp(corpId), new ApiCall(body, QueryCollection.Empty, Time.GetUtcNow()) { CorpId = corpId });
        }
    }

    /// <summary>Gives a customer (created when new) the WeChat name externalcontact/get answers with.</summary>
    /// <summary>What get_user_behavior_data answers for one member on one day (China time), replacing earlier figures.</summary>
    internal void SetBehavior(string corpId, string userId, DateOnly day, long newContacts, long negativeFeedback)
    {
        lock (_gate)
        {
            Corp(corpId).Behavior[(userId, day)] = (newContacts, negativeFeedback);
        }
    }

    internal void NameCustomer(string corpId, string externalUserId, string name)
    {
        lock (_gate)
        {
            Corp(corpId).Customer(externalUserId).Name = name;
        }
    }

    /// <summary>
    /// The member's remark mobiles on the customer (they become a follower if not yet), as if typed in the WeCom app:
    /// what externalcontact/get answers in <c>follow_user[].remark_mobiles</c>.
    /// </summary>
    internal void SetRemarkMobiles(string corpId, string externalUserId, string userId, IReadOnlyList<string> mobiles)
    {
        lock (_gate)
        {
            Corp(corpId).Follow(externalUserId, userId, Time.GetUtcNow()).RemarkMobiles = [.. mobiles];
        }
    }

    /// <summary>The member's remark on the customer as typed in the WeCom app (they become a follower if not yet).</summary>
    internal void SetRemark(string corpId, string externalUserId, string userId, string remark)
    {
        lock (_gate)
        {
            Corp(corpId).Follow(externalUserId, userId, Time.GetUtcNow()).Remark = remark;
        }
    }

    /// <summary>The member left the corp: message/send no longer reaches them.</summary>
    internal void Depart(string corpId, string userId)
    {
        lock (_gate)
        {
            Corp(corpId).DepartedMembers.Add(userId);
        }
    }

    /// <summary>
    /// An employee tags the customer by hand in the WeCom app: corp tags (by group and name) added to and removed from
    /// what this employee has on the customer, who becomes their follower if not yet. Null, or the tag the library lacks.
    /// </summary>
    internal string? TagByHand(string corpId, string externalUserId, string userId, IReadOnlyList<(string Group, string Name)> add, IReadOnlyList<(string Group, string Name)> remove)
    {
        lock (_gate)
        {
            var corp = Corp(corpId);
            var ids = new Dictionary<(string, string), string>();
            foreach (var (group, name) in add.Concat(remove))
            {
                if (corp.Groups.Find(g => g.Name == group)?.Tags.Find(t => t.Name == name) is not { } tag)
                {
                    return group + "/" + name;
                }

                ids[(group, name)] = tag.Id;
            }

            var follow = corp.Follow(externalUserId, userId, Time.GetUtcNow());
            follow.TagIds.UnionWith(add.Select(t => ids[t]));
            follow.TagIds.ExceptWith(remove.Select(t => ids[t]));
            return null;
        }
    }

    /// <summary>Customers the corp's members had before the app was installed; see <see cref="CorpState.SeedExisting"/>.</summary>
    internal IReadOnlyList<string> SeedExistingCustomers(string corpId, int count, IReadOnlyList<string> followUsers)
    {
        lock (_gate)
        {
            return Corp(corpId).SeedExisting(count, followUsers, Time.GetUtcNow());
        }
    }


    /// <summary>The current (or a new) corp or suite token, as if the gateway had fetched it (a corp's newest, of any suite); not logged.</summary>
    internal (string Value, int ExpiresIn) IssueToken(TokenKind kind, string owner)
    {
        lock (_gate)
        {
            var now = Time.GetUtcNow();
            if (kind == TokenKind.Corp)
            {
                Corp(owner);
            }

            var (value, token) = Tokens.Current(kind, owner, now, TokenLifetime);
            return (value, (int)Math.Ceiling((token.ExpiresAt - now).TotalSeconds));
        }
    }

    /// <summary>The corp's media id (each of its valid media ids when null) expires now; how many did.</summary>
    internal int ExpireMedia(string corpId, string? mediaId)
    {
        lock (_gate)
        {
            var now = Time.GetUtcNow();
            if (!Corps.TryGetValue(corpId, out var corp))
            {
                return 0;
            }

            var expiring = corp.Media.Values.Where(m => m.ExpiresAt > now && (mediaId is null || m.MediaId == mediaId)).ToList();
            expiring.ForEach(m => corp.Media[m.MediaId] = m with { ExpiresAt = now });
            return expiring.Count;
        }
    }

    /// <summary>
    /// The member (every member when null) confirms the corp's mass message (every waiting one of the member's when
    /// <paramref name="msgId"/> is null) in the WeCom app; how many members' parts were sent now, or null when the corp,
    /// the message or the member is unknown. See <see cref="GroupMessageApis.Confirm"/>.
    /// </summary>
    internal int? ConfirmGroupMessage(string corpId, string? msgId, string? userId)
    {
        lock (_gate)
        {
            if (!Corps.TryGetValue(corpId, out var corp))
            {
                return null;
            }

            if (msgId is null)
            {
                // Oldest first, as a member works down the list; WeCom's monthly limit counts in that order.
                return corp.GroupMessages.OrderBy(m => m.CreatedAt)
                    .Sum(m => GroupMessageApis.Confirm(corp, m, userId, Time.GetUtcNow(), GroupMessageMonthlyLimit) ?? 0);
            }

            return corp.GroupMessages.Find(m => m.MsgId == msgId) is { } message
                ? GroupMessageApis.Confirm(corp, message, userId, Time.GetUtcNow(), GroupMessageMonthlyLimit)
                : null;
        }
    }

    /// <summary>The member no longer follows the customer (they are no longer friends); false when they did not.</summary>
    internal bool Unfollow(string corpId, string externalUserId, string userId)
    {
        lock (_gate)
        {
            return Corps.TryGetValue(corpId, out var corp) && corp.Customers.TryGetValue(externalUserId, out var customer) && customer.Follows.Remove(userId);
        }
    }

    internal bool ExpireToken(TokenKind kind, string owner)
    {
        lock (_gate)
        {
            return Tokens.Expire(kind, owner, Time.GetUtcNow());
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
            AuthCodes.Clear();
            _failures.Clear(null);
        }
    }

    internal T Read<T>(Func<EmulatorState, T> read)
    {
        lock (_gate)
        {
            return read(this);
        }
    }

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

        call.SuiteId = kind == TokenKind.Suite ? token.Owner : token.SuiteId;
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
}
