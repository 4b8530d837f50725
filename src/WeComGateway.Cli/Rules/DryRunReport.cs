using Spectre.Console;
using WeComGateway.Automation;

namespace WeComGateway.Cli.Rules;

/// <summary>What <c>rules test</c> prints: the same decision the worker would take, and the welcome it would send.</summary>
internal static class DryRunReport
{
    public static void Write(IAnsiConsole console, RuleSet ruleSet, DryRunInput input, CustomerFacts folded)
    {
        var e = input.Event;
        var decision = ruleSet.Evaluate(folded, e, input.Now);
        console.MarkupLineInterpolated($"event      {e.Kind.JsonName()} for customer {e.ExternalUserId} of corp {e.CorpId} at {input.Now:yyyy-MM-dd HH:mm:ss zzz}");
        console.MarkupLineInterpolated($"rules      {(decision.MatchedRuleIds.Count == 0 ? "none matched" : string.Join(", ", decision.MatchedRuleIds))}");
        console.MarkupLineInterpolated($"add tags   {List(decision.AddTags)}");
        console.MarkupLineInterpolated($"remove     {List(decision.RemoveTags)}");
        console.MarkupLineInterpolated($"stage      {(decision.StageChange is { } s ? $"{s.From ?? "(none)"} → {s.To} (by {s.Reason})" : $"stays {folded.Stage ?? "(none)"}")}");
        foreach (var entered in decision.SegmentsEntered)
        {
            console.MarkupLineInterpolated($"segment    enters {entered.Segment} (by {entered.RuleId}): CustomerSegmentEntered would be published");
        }

        foreach (var left in decision.SegmentsLeft)
        {
            console.MarkupLineInterpolated($"segment    leaves {left}");
        }

        if (decision.CustomerLost)
        {
            console.MarkupLine("lost       yes: CustomerLost would be published");
        }

        WriteWelcome(console, ruleSet, input, folded);
        if (ruleSet.NextReevaluation(decision.Next, input.Now) is { } next)
        {
            console.MarkupLineInterpolated($"next check {next:yyyy-MM-dd HH:mm zzz} (a time-based rule may change its result then)");
        }
    }

    private static void WriteWelcome(IAnsiConsole console, RuleSet ruleSet, DryRunInput input, CustomerFacts folded)
    {
        if (input.Event.Kind is not (AutomationEventKind.ContactAdded or AutomationEventKind.ContactHalfAdded))
        {
            return;
        }

        if (ruleSet.ChooseWelcome(folded, input.Event, input.Now) is not { } choice || ruleSet.FindWelcomeTemplate(choice.TemplateId) is not { } template)
        {
            console.MarkupLine("welcome    none (no rule chooses one and there is no default)");
            return;
        }

        var rendered = WelcomeRenderer.Render(template, new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["customer_name"] = input.CustomerName ?? folded.Name,
            ["employee_name"] = null,
            ["channel"] = input.Event.State,
        });
        console.MarkupLineInterpolated($"welcome    template '{choice.TemplateId}' (by {choice.RuleId ?? "the default"})");
        if (rendered.Text is { } text)
        {
            console.MarkupLineInterpolated($"  text     {text}");
        }

        foreach (var a in rendered.Attachments)
        {
            console.MarkupLineInterpolated($"  {a.Type,-8} {a.Title ?? a.MediaId ?? a.PicUrl ?? a.Page}");
        }
    }

    private static string List(IReadOnlyList<TagRef> tags) => tags.Count == 0 ? "—" : string.Join(", ", tags.Select(t => $"{t.Group}/{t.Name}"));
}
