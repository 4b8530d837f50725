using System.Text.Json;

namespace WeComGateway.Automation;

/// <summary>
/// Remark rules: the root <c>remarks</c> (<c>separator</c>, <c>levels</c>: <c>{ "symbol": "★VIP", "when": … }</c>,
/// first match wins) and the actions <c>setRemark</c> / <c>setDescription</c> (texts with <see cref="RemarkPlaceholders"/>).
/// </summary>
internal sealed partial class RuleSetReader
{
    private const string DefaultRemarkSeparator = "|";
    private const int MaxSeparatorLength = 5;
    private const int MaxLevels = 20;
    private static readonly string[] RemarksKeys = ["separator", "levels"];
    private static readonly string[] LevelKeys = ["symbol", "when"];

    private RemarkSettings ReadRemarks(JsonElement root)
    {
        if (!root.TryGetProperty("remarks", out var remarks) || !IsObject(remarks, "remarks", "'remarks'", RemarksKeys))
        {
            return RemarkSettings.Default;
        }

        var separator = DefaultRemarkSeparator;
        if (remarks.TryGetProperty("separator", out var value))
        {
            if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 and <= MaxSeparatorLength } text || string.IsNullOrWhiteSpace(text))
            {
                Error("remarks.separator", $"must be a string of 1 to {MaxSeparatorLength} characters, not only spaces");
            }
            else
            {
                separator = text;
            }
        }

        var levels = new List<RemarkLevel>();
        if (remarks.TryGetProperty("levels", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() is 0 or > MaxLevels)
            {
                Error("remarks.levels", $"must be a list of 1 to {MaxLevels} {{ \"symbol\": …, \"when\": … }}");
            }
            else
            {
                var i = 0;
                foreach (var level in list.EnumerateArray())
                {
                    if (ReadLevel(level, At("remarks.levels", i++)) is { } read)
                    {
                        levels.Add(read);
                    }
                }
            }
        }

        return new RemarkSettings(separator, [.. levels]);
    }

    private RemarkLevel? ReadLevel(JsonElement level, string path)
    {
        if (!IsObject(level, path, "a level", LevelKeys))
        {
            return null;
        }

        var symbol = Text(level, "symbol", path, RemarkEdit.MaxRemarkLength, required: true);
        Condition? when = null;
        if (level.TryGetProperty("when", out var condition))
        {
            when = ReadCondition(condition, At(path, "when"), 1, new ConditionScan());
        }
        else
        {
            Error(At(path, "when"), "'when' is missing: say which customers have this level, e.g. { \"segment\": \"VIP\" }");
        }

        return symbol is null || when is null ? null : new RemarkLevel(symbol, when);
    }

    /// <summary>A <c>setRemark</c> / <c>setDescription</c> text: known placeholders only, its fixed part within WeCom's limit.</summary>
    private string? ReadRemarkText(JsonElement then, string key, string path, int maxLength)
    {
        if (!then.TryGetProperty(key, out var value))
        {
            return null;
        }

        var at = At(path, key);
        if (Text(value, at, RuleSetLimits.MaxStringLength) is not { } text)
        {
            return null;
        }

        var problems = new List<string>();
        var parsed = PlaceholderText.Parse(text, RemarkPlaceholders.All, problems);
        foreach (var problem in problems)
        {
            Error(at, problem);
        }

        if (parsed is not null && parsed.LiteralLength > maxLength)
        {
            Error(at, $"the fixed part is longer than {maxLength} characters (WeCom's limit)");
            return null;
        }

        return parsed is null ? null : text;
    }
}

/// <summary>The rule file's <c>remarks</c>: the separator before the employee's own text, and the levels in order.</summary>
internal sealed record RemarkSettings(string Separator, RemarkLevel[] Levels)
{
    public static readonly RemarkSettings Default = new("|", []);
}

/// <summary>A level: its symbol (<c>{level}</c>) for the customers its condition matches.</summary>
internal sealed record RemarkLevel(string Symbol, Condition When);
