using StackExchange.Redis;

namespace WeComGateway.Storage.Redis;

/// <summary>
/// A corp's due index (a sorted set of ids scored by unix ms) and the global set of corps that have one, as the
/// customer facts, moments and campaigns keep them: what a scheduler claims, and when a corp leaves the global set.
/// </summary>
internal static class DueIndex
{
    // KEYS: the due index. ARGV: now ms, lease end ms, max. No index at all: nil (the corp leaves the global set).
    private const string ClaimScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return false end
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[3])
        for _, member in ipairs(due) do
            redis.call('ZADD', KEYS[1], 'XX', ARGV[2], member)
        end
        return due
        """;

    /// <summary>
    /// Atomically takes up to <paramref name="max"/> ids due at or before <paramref name="now"/> and moves them to
    /// <c>now + lease</c>. With no due index left, drops the corp from <paramref name="corps"/> and then looks at the
    /// index again: a write that made something due in between either came before that look (the corp is added back
    /// here) or adds the corp itself afterwards.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ClaimAsync(
        IConnectionMultiplexer redis, RedisKey due, RedisKey corps, string corpId, DateTimeOffset now, TimeSpan lease, int max, string what)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lease, TimeSpan.FromMilliseconds(1));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var database = redis.GetDatabase();
        RedisValue[] values = [now.ToUnixTimeMilliseconds(), (now + lease).ToUnixTimeMilliseconds(), max];
        var claimed = await RedisCalls.RunAsync($"{what} claim due", () => database.ScriptEvaluateAsync(ClaimScript, [due], values));
        if (!claimed.IsNull)
        {
            return [.. ((RedisValue[]?)claimed ?? []).Select(m => m.ToString())];
        }

        await RedisCalls.RunAsync($"{what} corps remove", () => database.SetRemoveAsync(corps, corpId));
        if (await RedisCalls.RunAsync($"{what} due exists", () => database.KeyExistsAsync(due)))
        {
            await RedisCalls.RunAsync($"{what} corps add", () => database.SetAddAsync(corps, corpId));
        }

        return [];
    }
}
