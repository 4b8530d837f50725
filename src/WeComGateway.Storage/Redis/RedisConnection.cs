using StackExchange.Redis;

namespace WeComGateway.Storage.Redis;

/// <summary>
/// The one Redis client configuration: it never blocks start-up and fails fast while disconnected, so a Redis outage
/// costs a callback milliseconds, not the client's multi-second backlog timeout. Timeouts set in the connection
/// string win over these defaults.
/// </summary>
internal static class RedisConnection
{
    public static IConnectionMultiplexer Connect(string connectionString) => ConnectionMultiplexer.Connect(Options(connectionString));

    public static ConfigurationOptions Options(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        if (!connectionString.Contains("asyncTimeout", StringComparison.OrdinalIgnoreCase))
        {
            options.AsyncTimeout = 1000;
        }

        if (!connectionString.Contains("connectTimeout", StringComparison.OrdinalIgnoreCase))
        {
            options.ConnectTimeout = 2000;
        }

        return options;
    }
}
