using System.CommandLine;
using Spectre.Console;
using StackExchange.Redis;
using WeComGateway.Storage;
using WeComGateway.Storage.Redis;

namespace WeComGateway.Cli.Commands;

/// <summary>
/// <c>wecomgw redis migrate</c>: the one-shot upgrade of a corp's keys from <c>wecomgw:corp:{corpId}:…</c> to
/// <c>wecomgw:{corpId}:…</c> (docs/redis.md), on the single Redis node the old version used, with the gateway stopped.
/// </summary>
internal sealed class RedisCommand
{
    public const string Name = "redis";

    private const string DefaultRedis = "127.0.0.1:6379";

    private readonly CliContext _context;

    private readonly EnvironmentOption _redis = new(
        "--redis", "WECOMGW_REDIS", DefaultRedis, "The gateway's Redis (a StackExchange.Redis configuration: host:port,password=…).", "configuration", DefaultRedis);

    private RedisCommand(CliContext context) => _context = context;

    public static Command Create(CliContext context) => new RedisCommand(context).Build();

    private Command Build()
    {
        _redis.Option.Recursive = true;
        var migrate = new Command("migrate", "Move every key of the old layout wecomgw:corp:{corpId}:… to wecomgw:{corpId}:… and build each corp's key index. Stop the gateway first; run once, on the single node.");
        migrate.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(_context, $"{Name} migrate", () => MigrateAsync(parseResult, cancellationToken)));
        return new Command(Name, "Maintenance of the gateway's Redis keys.") { _redis.Option, migrate };
    }

    private async Task<int> MigrateAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(_redis.Resolve(parseResult, _context));
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException($"--redis: {ex.Message}");
        }

        options.AbortOnConnectFail = true;
        try
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
            var progress = new LineProgress(handled => _context.Error.MarkupLineInterpolated($"[grey]{handled} old keys handled[/]"));
            var result = await RedisKeyMigration.MigrateAsync(redis, progress, cancellationToken);
            _context.Out.MarkupLineInterpolated(
                $"moved {result.Moved} keys, deleted {result.Superseded} old keys the new version had already replaced, skipped {result.Skipped}");
            return ExitCodes.Success;
        }
        catch (Exception ex) when (ex is RedisException or StoreUnavailableException or InvalidOperationException)
        {
            _context.Error.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>Reports on the caller's thread (<see cref="Progress{T}"/> would post them after the command ended).</summary>
    private sealed class LineProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
