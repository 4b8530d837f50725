using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;
using WeComGateway.Testing;

namespace WeComGateway.IntegrationTests;

/// <summary>
/// A redis-server of one test's own, on a free loopback port with its data in a temporary directory (append-only file,
/// fsync always, so a restart keeps everything), that the test may stop and start again: "Redis is down" for real,
/// without touching the shared Redis other tests use. Disposing stops it and deletes its directory.
/// </summary>
internal sealed class ScratchRedis : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wecomgw-redis-").FullName;
    private readonly int _port = FreePort();
    private Process? _server;

    private ScratchRedis()
    {
    }

    /// <summary>The connection string, as <c>ConnectionStrings:Redis</c>.</summary>
    public string ConnectionString => $"127.0.0.1:{_port}";

    public static async Task<ScratchRedis> StartAsync()
    {
        var redis = new ScratchRedis();
        await redis.StartAgainAsync();
        return redis;
    }

    /// <summary>Starts the server (again, with the data it had) and waits until it answers.</summary>
    public async Task StartAgainAsync()
    {
        if (_server is { HasExited: false })
        {
            return;
        }

        _server = Process.Start(new ProcessStartInfo(
            "redis-server",
            ["--bind", "127.0.0.1", "--port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--dir", _directory,
             "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no"])
        {
            RedirectStandardOutput = true, // its log, read and dropped
        }) ?? throw new InvalidOperationException("redis-server did not start");
        _server.OutputDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        await Eventually.HoldsAsync(PingsAsync, $"redis-server on port {_port} to answer", timeout: TimeSpan.FromSeconds(10));
    }

    /// <summary>Kills the server (as a crash would) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        if (_server is not { HasExited: false } server)
        {
            return;
        }

        server.Kill();
        await server.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _server?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<bool> PingsAsync()
    {
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync($"{ConnectionString},connectTimeout=500");
            await connection.GetDatabase().PingAsync();
            return true;
        }
        catch (RedisException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
