using WeComGateway.Contracts;

namespace WeComGateway.Automation;

/// <summary>
/// One problem in a rule file. <paramref name="Path"/> points into the JSON, e.g.
/// <c>rules[3].when.all[0].purchaseCount.gte</c>; <paramref name="RuleId"/> is the rule it is in, when known.
/// </summary>
public sealed record RuleSetError(string? RuleId, string Path, string Message)
{
    public override string ToString() =>
        RuleId is null ? $"{Path}: {Message}" : $"rule '{RuleId}' ({Path}): {Message}";
}

/// <summary>A rule file was refused. <see cref="Errors"/> holds every problem found, not only the first. Permanent: the file must change.</summary>
public sealed class RuleSetException : Exception, IPermanentFailure
{
    public RuleSetException(IReadOnlyList<RuleSetError> errors)
        : base(Describe(errors)) => Errors = errors;

    public IReadOnlyList<RuleSetError> Errors { get; }

    private static string Describe(IReadOnlyList<RuleSetError> errors) =>
        $"The rule set was refused ({errors.Count} {(errors.Count == 1 ? "error" : "errors")}):{Environment.NewLine}" +
        string.Join(Environment.NewLine, errors.Select(e => "  - " + e));
}
