namespace WeComGateway.Storage.Redis;

/// <summary>
/// Lua pieces shared by the scripts that write a corp's data. Every such script gets the corp's grant set
/// (<see cref="RedisKeys.CorpGrants"/>) among its keys and writes nothing unless it exists: data is kept only for a
/// corp that holds a grant, and a writer still working when the corp's last grant was removed cannot bring a key back.
/// All keys of such a script share the corp's hash tag.
/// </summary>
internal static class CorpScripts
{
    /// <summary>Writes a string with PX while the corp holds a grant; a key not fixed by name goes into the corp's index.
    /// KEYS: key, grants, index. ARGV: value, ttl ms. Returns 1 when written, 0 when the corp holds no grant.</summary>
    public const string SetIndexedString = """
        if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        redis.call('SADD', KEYS[3], KEYS[1])
        return 1
        """;

    /// <summary>SET with PX while the corp holds a grant. KEYS: key, grants. ARGV: value, ttl ms.</summary>
    public const string SetString = """
        if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
        """;

    /// <summary>HSET of field/value pairs while the corp holds a grant. KEYS: hash, grants. ARGV: field, value, ….</summary>
    public const string SetHashFields = """
        if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
        redis.call('HSET', KEYS[1], unpack(ARGV))
        return 1
        """;
}
