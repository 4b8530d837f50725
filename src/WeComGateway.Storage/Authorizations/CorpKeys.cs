using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Authorizations;

/// <summary>
/// Every key of one corp lives under <c>wecomgw:{corpId}:</c> (see <see cref="RedisKeys.CorpPrefix"/>): the fixed
/// ones by name, the others through the corp's key index.
/// </summary>
public static class CorpKeys
{
    /// <summary>
    /// Corp ids are WeCom's opaque ids; one with a ':' could reach into another corp's keys, and one with a brace would
    /// change the key's hash tag (its Redis Cluster slot).
    /// </summary>
    public static string Validate(string corpId)
    {
        if (string.IsNullOrWhiteSpace(corpId) || corpId.AsSpan().IndexOfAny(":{}") >= 0)
        {
            throw new ArgumentException("A corp id must be non-empty and contain no ':', '{' or '}'.", nameof(corpId));
        }

        return corpId;
    }

    /// <summary>Suite ids (<c>ww…</c>, 代开发 templates <c>dk…</c>) become part of a grant's key name: same rule as corp ids.</summary>
    public static string ValidateSuite(string suiteId)
    {
        if (string.IsNullOrWhiteSpace(suiteId) || suiteId.AsSpan().IndexOfAny(":{}") >= 0)
        {
            throw new ArgumentException("A suite id must be non-empty and contain no ':', '{' or '}'.", nameof(suiteId));
        }

        return suiteId;
    }
}
