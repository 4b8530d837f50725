using System.CommandLine;
using Spectre.Console;
using WeComGateway.Automation;
using WeComGateway.Cli.Rules;

namespace WeComGateway.Cli.Commands;

/// <summary>
/// <c>wecomgw rules check FILE</c> validates a rule file offline, exactly as the gateway does when it loads one;
/// <c>wecomgw rules test FILE EVENT.json</c> shows what the rules would do for an event (a dry run: nothing is sent).
/// </summary>
internal sealed class RulesCommand
{
    public const string Name = "rules";

    private readonly CliContext _context;
    private readonly Argument<FileInfo> _ruleFile = new("FILE") { Description = "A rule-set JSON file (see src/WeComGateway.Automation/README.md)." };
    private readonly Argument<FileInfo> _eventFile = new("EVENT.json") { Description = "The event, optional customer facts, and the time to evaluate at." };

    private RulesCommand(CliContext context) => _context = context;

    public static Command Create(CliContext context) => new RulesCommand(context).Build();

    private Command Build()
    {
        var check = new Command("check", "Validate a rule file: every error names the rule and the field. Exit 1 when it would be refused.") { _ruleFile };
        check.SetAction((parseResult, cancellationToken) =>
            CommandRunner.RunAsync(_context, $"{Name} check", () => CheckAsync(parseResult.GetRequiredValue(_ruleFile), cancellationToken)));

        var test = new Command("test", "Dry run: what the rules would do for an event (tags, stage, segments, welcome message).") { _ruleFile, _eventFile };
        test.SetAction((parseResult, cancellationToken) =>
            CommandRunner.RunAsync(_context, $"{Name} test", () => TestAsync(parseResult.GetRequiredValue(_ruleFile), parseResult.GetRequiredValue(_eventFile), cancellationToken)));

        return new Command(Name, "Check and dry-run customer automation rule files offline.") { check, test };
    }

    private async Task<int> CheckAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (await LoadAsync(file, cancellationToken) is not { } ruleSet)
        {
            return ExitCodes.Failure;
        }

        _context.Out.MarkupLineInterpolated($"[green]OK[/] {file.Name}: rule set '{ruleSet.Name}', {ruleSet.RuleIds.Count} rules, stages {string.Join(" → ", ruleSet.Stages)}, welcome templates {string.Join(", ", ruleSet.WelcomeTemplates.Select(t => t.Id))}");
        _context.Out.MarkupLineInterpolated($"   sha256 {ruleSet.ContentHash}{(ruleSet.DependsOnTime ? "; has time-based rules (re-evaluated on schedule)" : string.Empty)}");
        return ExitCodes.Success;
    }

    private async Task<int> TestAsync(FileInfo ruleFile, FileInfo eventFile, CancellationToken cancellationToken)
    {
        if (await LoadAsync(ruleFile, cancellationToken) is not { } ruleSet)
        {
            return ExitCodes.Failure;
        }

        if (!eventFile.Exists)
        {
            throw new CliUsageException($"no such file: {eventFile.FullName}");
        }

        var input = DryRunInput.Parse(await File.ReadAllTextAsync(eventFile.FullName, cancellationToken), _context.Time.GetUtcNow());
        var folded = CustomerFactsUpdater.Apply(input.Facts, input.Event);
        if (folded is null)
        {
            _context.Out.MarkupLine("[yellow]already applied[/]: the facts list this event's key (or order id) among the recent ones; the gateway would do nothing.");
            return ExitCodes.Success;
        }

        DryRunReport.Write(_context.Out, ruleSet, input, folded);
        return ExitCodes.Success;
    }

    private async Task<RuleSet?> LoadAsync(FileInfo file, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new CliUsageException($"no such file: {file.FullName}");
        }

        try
        {
            return RuleSet.Parse(await File.ReadAllTextAsync(file.FullName, cancellationToken));
        }
        catch (RuleSetException ex)
        {
            _context.Out.MarkupLineInterpolated($"[red]REFUSED[/] {file.Name}: {ex.Errors.Count} error(s); the gateway would keep the rule set in force");
            foreach (var error in ex.Errors)
            {
                _context.Out.MarkupLineInterpolated($"  - {error}");
            }

            return null;
        }
    }
}
