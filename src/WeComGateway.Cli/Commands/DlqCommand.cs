using System.CommandLine;
using Spectre.Console;
using WeComGateway.Cli.Output;
using WeComGateway.Operations.DeadLetters;

namespace WeComGateway.Cli.Commands;

/// <summary>
/// <c>wecomgw dlq list|show|replay|purge</c>: see, understand, replay and purge MassTransit's dead-letter queues
/// (<c>*_error</c>, <c>*_skipped</c>). Every action writes an audit line (actor <c>cli:{user}</c>) to stderr.
/// </summary>
internal sealed class DlqCommand
{
    public const string Name = "dlq";

    /// <summary>Below this many messages a replay is quick: no progress bar.</summary>
    public const int ProgressThreshold = 200;

    private readonly CliContext _context;

    private readonly EnvironmentOption _rabbitMq = new(
        "--rabbitmq", "WECOMGW_RABBITMQ", DeadLetterOptions.DefaultAmqpUri, "The broker: amqp://user:pass@host:5672/vhost.", "uri", DeadLetterOptions.DefaultAmqpUri);

    private readonly EnvironmentOption _managementUrl = new(
        "--management-url", "WECOMGW_RABBITMQ_MANAGEMENT_URL", string.Empty, "The RabbitMQ management API (list needs it).", "url",
        "the broker's host, port 15672, same user");

    private readonly Option<int> _messages = BoundedIntOption.Create(
        "--messages", "Also show this many messages from the head of each queue (0: queues only).", "n", 10, 0, DeadLetterClient.MaxMessagesPerQueue);

    private readonly Argument<string> _queue = new("QUEUE") { Description = "A dead-letter queue: its name ends in _error or _skipped." };
    private readonly Argument<string> _id = new("ID") { Description = "The message id (as list shows it)." };
    private readonly Option<string?> _replayId = new("--id") { Description = "Replay the message with this id.", HelpName = "id" };
    private readonly Option<string?> _corp = new("--corp") { Description = "Replay the messages about this corp.", HelpName = "corpid" };
    private readonly Option<string?> _type = new("--type") { Description = "Replay messages of this type (e.g. CustomerPurchaseRecorded).", HelpName = "type" };
    private readonly Option<string?> _reason = new("--reason") { Description = "Replay messages whose reason contains this text (e.g. 40068).", HelpName = "text" };
    private readonly Option<bool> _all = new("--all") { Description = "Replay every message in the queue." };
    private readonly Option<bool> _yes = new("--yes") { Description = "Do not ask for confirmation (needed without a terminal)." };

    private DlqCommand(CliContext context) => _context = context;

    public static Command Create(CliContext context) => new DlqCommand(context).Build();

    private Command Build()
    {
        _rabbitMq.Option.Recursive = true;
        _managementUrl.Option.Recursive = true;

        var list = new Command("list", "Every _error/_skipped queue: depth, age of the oldest message, the first messages and why they failed.") { _messages };
        list.SetAction((parseResult, cancellationToken) => RunAsync("list", parseResult, client => ListAsync(client, parseResult, cancellationToken)));

        var show = new Command("show", "One message: what it is, why it failed, every header and the body.") { _queue, _id };
        show.SetAction((parseResult, cancellationToken) => RunAsync("show", parseResult, client => ShowAsync(client, parseResult, cancellationToken)));

        var replay = new Command("replay", "Move messages back to the endpoint they failed on (publish confirmed, then removed). Fix the cause first.")
        {
            _queue, _replayId, _corp, _type, _reason, _all,
        };
        replay.SetAction((parseResult, cancellationToken) => RunAsync("replay", parseResult, client => ReplayAsync(client, parseResult, cancellationToken)));

        var purge = new Command("purge", "Delete every message of a dead-letter queue, for good. Asks you to type the queue's name.") { _queue, _yes };
        purge.SetAction((parseResult, cancellationToken) => RunAsync("purge", parseResult, client => PurgeAsync(client, parseResult, cancellationToken)));

        return new Command(Name, "See, understand, replay and purge dead-lettered messages (MassTransit's _error and _skipped queues).")
        {
            _rabbitMq.Option, _managementUrl.Option, list, show, replay, purge,
        };
    }

    private static string Actor => $"cli:{Environment.UserName}";

    private Task<int> RunAsync(string subcommand, ParseResult parseResult, Func<DeadLetterClient, Task<int>> body) =>
        CommandRunner.RunAsync(_context, $"{Name} {subcommand}", async () =>
        {
            DeadLetterOptions options;
            try
            {
                var management = _managementUrl.Resolve(parseResult, _context);
                options = DeadLetterOptions.Create(_rabbitMq.Resolve(parseResult, _context), management.Length == 0 ? null : management);
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException(ex.Message);
            }

            using var client = new DeadLetterClient(options, new CliAuditLogger(_context.Error), _context.Time);
            try
            {
                return await body(client);
            }
            catch (NotADeadLetterQueueException ex)
            {
                throw new CliUsageException(ex.Message);
            }
            catch (Exception ex) when (ex is DeadLetterBrokerUnavailableException or DeadLetterQueueNotFoundException)
            {
                _context.Error.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
                return ExitCodes.Failure;
            }
        });

    private async Task<int> ListAsync(DeadLetterClient client, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var queues = await client.ListQueuesAsync(parseResult.GetValue(_messages), Actor, cancellationToken);
        DeadLetterReport.Queues(_context.Out, queues);
        return ExitCodes.Success;
    }

    private async Task<int> ShowAsync(DeadLetterClient client, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var queue = parseResult.GetRequiredValue(_queue);
        var id = parseResult.GetRequiredValue(_id);
        if (await client.ShowAsync(queue, id, Actor, cancellationToken) is not { } detail)
        {
            _context.Error.MarkupLineInterpolated($"[red]error:[/] no message {id} in {queue} (replayed or purged meanwhile?)");
            return ExitCodes.Failure;
        }

        DeadLetterReport.Message(_context.Out, detail);
        return ExitCodes.Success;
    }

    private async Task<int> ReplayAsync(DeadLetterClient client, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var queue = parseResult.GetRequiredValue(_queue);
        client.Guard(queue, "replay", Actor);
        var filter = new ReplayFilter
        {
            MessageId = parseResult.GetValue(_replayId),
            CorpId = parseResult.GetValue(_corp),
            MessageType = parseResult.GetValue(_type),
            ReasonContains = parseResult.GetValue(_reason),
            All = parseResult.GetValue(_all),
        };
        try
        {
            filter.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException(ex.Message.Replace("'all'", "--all", StringComparison.Ordinal));
        }

        var depth = await client.DepthAsync(queue, Actor, cancellationToken);
        var result = depth >= ProgressThreshold && _context.Out.Profile.Capabilities.Ansi
            ? await ReplayWithProgressAsync(client, queue, filter, depth, cancellationToken)
            : await client.ReplayAsync(queue, filter, Actor, progress: null, cancellationToken);
        DeadLetterReport.Replay(_context.Out, result);
        return result.Failed > 0 ? ExitCodes.Failure : ExitCodes.Success;
    }

    private async Task<ReplayResult> ReplayWithProgressAsync(DeadLetterClient client, string queue, ReplayFilter filter, long depth, CancellationToken cancellationToken)
    {
        ReplayResult? result = null;
        await _context.Out.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"{queue}: examining", maxValue: depth);
                var report = new SynchronousProgress(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Examined;
                    task.Description = $"{queue}: {p.Replayed} replayed, {p.Skipped} skipped, {p.Failed} failed";
                });
                result = await client.ReplayAsync(queue, filter, Actor, report, cancellationToken);
                task.Value = task.MaxValue;
            });
        return result!;
    }

    private async Task<int> PurgeAsync(DeadLetterClient client, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var queue = parseResult.GetRequiredValue(_queue);
        client.Guard(queue, "purge", Actor);
        var depth = await client.DepthAsync(queue, Actor, cancellationToken);
        if (!parseResult.GetValue(_yes))
        {
            if (!_context.Out.Profile.Capabilities.Interactive)
            {
                throw new CliUsageException($"purge deletes {depth} messages for good: run it in a terminal to confirm, or pass --yes.");
            }

            var typed = await _context.Out.PromptAsync(
                new TextPrompt<string>($"Deletes [red]{depth}[/] messages from [bold]{Markup.Escape(queue)}[/] for good. Type the queue's name to confirm:").AllowEmpty(),
                cancellationToken);
            if (!string.Equals(typed.Trim(), queue, StringComparison.Ordinal))
            {
                _context.Error.MarkupLine("[yellow]Not confirmed: nothing deleted.[/]");
                return ExitCodes.Failure;
            }
        }

        var purged = await client.PurgeAsync(queue, Actor, cancellationToken);
        _context.Out.MarkupLineInterpolated($"[green]purged {purged}[/] messages from {queue}");
        return ExitCodes.Success;
    }

    /// <summary>Reports on the replaying thread, in order (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<ReplayProgress> report) : IProgress<ReplayProgress>
    {
        public void Report(ReplayProgress value) => report(value);
    }
}
