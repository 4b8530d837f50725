namespace WeComGateway.Automation;

/// <summary>
/// Bounds on a rule file, so that one accepted from a tenant costs bounded memory to hold and bounded time to
/// evaluate. A file beyond any of them is refused.
/// </summary>
public static class RuleSetLimits
{
    /// <summary>Characters of JSON text.</summary>
    public const int MaxJsonLength = 2 * 1024 * 1024;

    /// <summary>JSON nesting (objects and arrays), checked while reading the text.</summary>
    public const int MaxJsonDepth = 64;

    public const int MaxRules = 1000;

    /// <summary>Levels of conditions: <c>when</c> is level 1, each <c>all</c> / <c>any</c> / <c>not</c> adds one.</summary>
    public const int MaxConditionDepth = 8;

    /// <summary>Conditions in the whole file (each key of a condition object counts one).</summary>
    public const int MaxConditionNodes = 20_000;

    /// <summary>Items in any list: values of a condition, children of <c>all</c> / <c>any</c>.</summary>
    public const int MaxListLength = 1000;

    /// <summary>Characters of a value: rule ids, states, employees, categories, segment names, …</summary>
    public const int MaxStringLength = 256;

    /// <summary>Characters of a rule id, template id or segment name.</summary>
    public const int MaxIdLength = 64;

    public const int MaxDescriptionLength = 2000;

    public const int MaxStages = 20;

    public const int MaxWelcomeTemplates = 200;

    /// <summary>Tags in one <c>addTags</c> or <c>removeTags</c>.</summary>
    public const int MaxTagsPerAction = 100;

    /// <summary>Day thresholds (<c>daysSince…</c>) above this are refused.</summary>
    public const int MaxDays = 36_500;

    /// <summary>Errors reported for one file; the rest are summarised.</summary>
    public const int MaxErrors = 100;
}
