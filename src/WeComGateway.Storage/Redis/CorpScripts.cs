namespace WeComGateway.Storage.Redis;

/// <summary>
/// Lua pieces shared by the scripts that write a corp's data. Every such script gets the corp's tombstone
/// (<see cref="RedisKeys.CorpTombstone"/>) among its keys and writes nothing while it exists: a writer that was still
/// working when the corp was removed cannot bring a key back. All keys of such a script share the corp's hash tag.
/// </summary>
internal static class CorpScripts
{
    /// <summary>Writes a string with PX unless the corp is gone; a key not fixed by name goes into the corp's index.
    /// KEYS: key, tombstone, index. ARGV: value, ttl ms. Returns 1 when written, 0 when the corp is gone.</summary>
    public const string SetIndexedString = """
        if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        redis.call('SADD', KEYS[3], KEYS[1])
        return 1
        """;

    /// <summary>SET with PX unless the corp is gone. KEYS: key, tombstone. ARGV: value, ttl ms.</summary>
    public const string SetString = """
        if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
        """;

    /// <summary>HSET of field/value pairs unless the corp is gone. KEYS: hash, tombstone. ARGV: field, value, ….</summary>
    public const string SetHashFields = """
        if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], unpack(ARGV))
        return 1
        """;
}
