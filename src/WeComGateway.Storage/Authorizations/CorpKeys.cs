using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Authorizations;

/// <summary>
/// Every key of one corp lives under <c>wecomgw:{corpId}:</c> (see <see cref="RedisKeys.CorpPrefix"/>): the fixed
/// ones by name, the others through the corp's key index.
/// </summary>
public static class CorpKeys
{
    /// <summary>How long a removed corp's tombstone keeps late writers out (a new authorization clears it earlier).</summary>
    public static TimeSpan TombstoneRetention => TimeSpan.FromDays(7);

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
}
