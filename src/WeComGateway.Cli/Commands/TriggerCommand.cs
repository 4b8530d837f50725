using System.CommandLine;
using System.Diagnostics;
using WeComGateway.Callbacks;
using WeComGateway.Cli.Events;
using WeComGateway.Cli.Output;
using WeComGateway.Cli.Signing;

namespace WeComGateway.Cli.Commands;

/// <summary>
/// <c>wecomgw trigger &lt;event&gt;</c>: builds a real WeCom callback, encrypts and signs it with the suite's secrets,
/// POSTs it to the gateway and shows what came back.
/// </summary>
internal sealed class TriggerCommand
{
    public const string Name = "trigger";
    public const string ListEvents = "list";

    private const int MaxSends = 1000;

    private readonly CliContext _context;
    private readonly SuiteOptions _suite = new();
    private readonly TriggerEventOptions _eventOptions = new();

    private readonly Argument<string> _event = new("event")
    {
        Description = $"What happened: {string.Join(", ", EventCatalog.Names)}; or '{ListEvents}' to describe them.",
    };

    private readonly EnvironmentOption _corpId = CorpIdOption.Create("The authorizing corp (AuthCorpId; receive id on the data URL).");

    private readonly Option<string> _shape = new("--shape")
    {
        Description = "Plaintext layout: 'infotype' (third-party command callback) or 'event' (MsgType=event, self-built/代开发) "
            + "[default: infotype; event for an event WeCom sends only that way].",
        HelpName = "shape",
    };

    private readonly Option<bool> _data = new("--data")
    {
        Description = "POST to the data URL (receive id and ToUserName = the corp id) instead of the command URL.",
    };

    private readonly Option<string?> _receiveId = new("--receive-id")
    {
        Description = "Seal this receive id into the ciphertext instead (to watch the gateway refuse it).",
        HelpName = "id",
    };

    private readonly Option<int> _repeat = BoundedIntOption.Create(
        "--repeat", "Send the SAME signed request this many times (watch the dedupe).", "n", 1, 1, MaxSends);

    private readonly Option<int> _count = BoundedIntOption.Create("--count", "Send this many distinct events.", "n", 1, 1, MaxSends);

    private TriggerCommand(CliContext context) => _context = context;

    public static Command Create(CliContext context) => new TriggerCommand(context).Build();

    private Command Build()
    {
        var command = new Command(Name, "Send a signed WeCom callback to the gateway and show the answer.");
        _event.AcceptOnlyFromAmong([.. EventCatalog.Names, ListEvents]);
        _shape.AcceptOnlyFromAmong("infotype", "event");
        command.Arguments.Add(_event);
        _suite.AddTo(command);
        Option[] options = [_corpId.Option, _shape, _data, _receiveId, .. _eventOptions.All, _repeat, _count];
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) =>
            CommandRunner.RunAsync(_context, Name, () => RunAsync(parseResult, cancellationToken)));
        return command;
    }

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var eventName = parseResult.GetRequiredValue(_event);
        if (eventName == ListEvents)
        {
            ConsoleReport.Catalog(_context.Out);
            return ExitCodes.Success;
        }

        var descriptor = EventCatalog.Get(eventName);
        var shape = parseResult.GetValue(_shape) switch
        {
            "event" => EventShape.Event,
            "infotype" => EventShape.InfoType,
            _ => descriptor.Shapes[0],
        };
        if (!descriptor.Shapes.Contains(shape))
        {
            var only = descriptor.Shapes[0];
            throw new CliUsageException($"{eventName}: WeCom sends it only in the {only} shape (drop --shape or give --shape {only.ToString().ToLowerInvariant()}).");
        }

        _eventOptions.RejectOptionsThatDoNotApply(eventName, parseResult);
        var suite = _suite.Resolve(parseResult, _context);
        var corpId = _corpId.Resolve(parseResult, _context);
        var toData = parseResult.GetValue(_data);
        var url = toData ? suite.DataUrl : suite.CommandUrl;
        var toUserName = toData ? corpId : suite.SuiteId;
        var receiveId = parseResult.GetValue(_receiveId) ?? toUserName;
        var print = parseResult.GetValue(_suite.Print);
        var verbose = parseResult.GetValue(_suite.Verbose);
        var count = parseResult.GetValue(_count);
        var repeat = parseResult.GetValue(_repeat);

        using var builder = new SignedCallbackBuilder(suite.Token, suite.EncodingAesKey, _context.Time);
        using var http = new CallbackHttp(_context, TimeSpan.FromSeconds(parseResult.GetValue(_suite.Timeout)));
        var plaintexts = new HashSet<string>(StringComparer.Ordinal);
        int sent = 0, succeeded = 0;
        for (var index = 1; index <= count; index++)
        {
            var started = Stopwatch.GetTimestamp();
            var plaintext = DistinctPlaintext(_eventOptions.Create(eventName, parseResult), shape, new CallbackHeader(suite.SuiteId, corpId, _context.Time.GetUtcNow()), plaintexts);
            var signed = builder.Build(plaintext, receiveId, toUserName);
            var target = signed.Query.AppendTo(url);
            var title = count == 1 ? eventName : $"{eventName} {index}/{count}";
            if (print)
            {
                ConsoleReport.Printed(_context.Out, $"{title}: decrypted plaintext (receive id {receiveId})", plaintext, "POST", target, signed.Body);
                continue;
            }

            var built = Stopwatch.GetElapsedTime(started);
            ConsoleReport.Request(_context.Out, title, "POST", target,
            [
                ("event", $"{descriptor.Kind} ({(shape == EventShape.Event ? "MsgType=event" : "InfoType")} shape)"),
                ("receive id", receiveId),
                ("dedupe key", CallbackEventParser.ComputeDedupeKey(plaintext)),
            ]);
            if (verbose)
            {
                ConsoleReport.Timing(_context.Out, "built, encrypted and signed", built);
            }

            for (var send = 1; send <= repeat; send++)
            {
                var answer = await http.PostXmlAsync(target, signed.Body, cancellationToken);
                ConsoleReport.Answer(_context.Out, answer, verbose, repeat == 1 ? null : $"send {send}/{repeat}");
                sent++;
                succeeded += answer.IsSuccess ? 1 : 0;
                if (answer.Error is not null)
                {
                    // Unreachable or silent receiver: the rest would fail the same way.
                    return ExitCodes.Failure;
                }
            }
        }

        if (sent > 1)
        {
            ConsoleReport.Summary(_context.Out, sent, succeeded);
        }

        return succeeded == sent ? ExitCodes.Success : ExitCodes.Failure;
    }

    /// <summary>
    /// Ids the user pinned are kept; when every field is pinned, two events of one run would be identical within a
    /// second, so later ones move their timestamp on until the plaintext is new.
    /// </summary>
    private static string DistinctPlaintext(TriggerEvent callback, EventShape shape, CallbackHeader header, HashSet<string> seen)
    {
        var plaintext = EventTemplates.ToXml(callback, shape, header);
        while (!seen.Add(plaintext))
        {
            header = header with { Time = header.Time.AddSeconds(1) };
            plaintext = EventTemplates.ToXml(callback, shape, header);
        }

        return plaintext;
    }
}
