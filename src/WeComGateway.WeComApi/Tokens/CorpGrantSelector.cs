using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeComGateway.Configuration;
using WeComGateway.Storage.Authorizations;

namespace WeComGateway.WeComApi.Tokens;

/// <summary>The grant chosen to call WeCom for a corp: which suite's token, and why that one.</summary>
/// <param name="Preferred">True when <c>WeCom:PreferredSuites:{corpId}</c> named it.</param>
public sealed record CorpGrant(string CorpId, string SuiteId, bool Preferred)
{
    public TokenKey TokenKey => TokenKey.Corp(SuiteId, CorpId);

    public override string ToString() => $"suite {SuiteId} ({(Preferred ? "preferred" : "first active grant")})";
}

/// <summary>
/// Picks the grant through which the gateway acts for a corp that may hold grants of several suites: the suite
/// <c>WeCom:PreferredSuites:{corpId}</c> names when its grant is stored and active, else the first active grant in the
/// order of <c>WeCom:Suites</c> (suites no longer configured last, by id). Reads grants without a cache: a grant
/// cancelled a moment ago is not used.
/// </summary>
public sealed partial class CorpGrantSelector(
    IAuthorizationStore authorizations,
    IOptions<WeComOptions> options,
    ILogger<CorpGrantSelector> logger)
{
    /// <summary>The grant to use, or null when the corp holds no active grant (never installed, uninstalled, or every code rejected).</summary>
    public async Task<CorpGrant?> SelectAsync(string corpId, CancellationToken cancellationToken)
    {
        var grants = await authorizations.ListAsync(corpId, cancellationToken);
        var active = grants.Where(g => g.Active).ToList();
        if (active.Count == 0)
        {
            return null;
        }

        var config = options.Value;
        if (config.PreferredSuites.TryGetValue(corpId, out var preferred))
        {
            if (active.Any(g => g.SuiteId == preferred))
            {
                return new CorpGrant(corpId, preferred, Preferred: true);
            }

            LogPreferredUnavailable(corpId, preferred);
        }

        var order = config.Suites.Select((s, i) => (s.SuiteId, i)).ToDictionary(p => p.SuiteId, p => p.i, StringComparer.Ordinal);
        var first = active
            .OrderBy(g => order.TryGetValue(g.SuiteId, out var i) ? i : int.MaxValue)
            .ThenBy(g => g.SuiteId, StringComparer.Ordinal)
            .First();
        return new CorpGrant(corpId, first.SuiteId, Preferred: false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId}: the preferred suite {SuiteId} holds no active grant; using the first active grant instead")]
    private partial void LogPreferredUnavailable(string corpId, string suiteId);
}
