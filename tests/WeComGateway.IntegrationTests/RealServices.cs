using System.Diagnostics;
using StackExchange.Redis;
using WeComGateway.Testing;

namespace WeComGateway.IntegrationTests;

/// <summary>
/// The RabbitMQ and Redis that deploy/local/test.sh started on 127.0.0.1. Tests that stop the broker run in one
/// collection, one at a time.
/// </summary>
public static class RealServices
{
    public static string RabbitMq => Required("WECOMGW_TEST_RABBITMQ");

    public static string Redis => Required("WECOMGW_TEST_REDIS");

    /// <summary>A Redis address nothing listens on: "Redis is down" without stopping the shared one.</summary>
    public const string UnreachableRedis = "127.0.0.1:1,connectTimeout=300";

    public static IEnumerable<KeyValuePair<string, string?>> Settings(TestSuite suite, string? redis = null, params (string Key, string? Value)[] extra) =>
        suite.Configuration()
            .Append(new("ConnectionStrings:RabbitMq", RabbitMq))
            .Append(new("ConnectionStrings:Redis", redis ?? Redis))
            .Concat(extra.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value)));

    public static async Task<IConnectionMultiplexer> ConnectRedisAsync() => await ConnectionMultiplexer.ConnectAsync(Redis);

    /// <summary>The three-node Redis Cluster deploy/local/services.sh starts (<c>WECOMGW_TEST_REDIS_CLUSTER</c>: its nodes).</summary>
    public static string RedisCluster => Required("WECOMGW_TEST_REDIS_CLUSTER");

    public static async Task<IConnectionMultiplexer> ConnectRedisClusterAsync() => await ConnectionMultiplexer.ConnectAsync(RedisCluster);

    public static Task StopBrokerAsync() => Services("stop-rabbitmq");

    public static Task StartBrokerAsync() => Services("start-rabbitmq");

    private static async Task Services(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [Required("WECOMGW_TEST_SERVICES"), command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"services.sh {command} failed: {await process.StandardError.ReadToEndAsync()}");
        }
    }

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the integration tests through deploy/local/test.sh, which starts RabbitMQ and Redis.");
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealServicesCollection
{
    public const string Name = "real RabbitMQ and Redis";
}
