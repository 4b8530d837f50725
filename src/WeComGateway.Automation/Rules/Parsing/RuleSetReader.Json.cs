using System.Text.Json;

namespace WeComGateway.Automation;

/// <summary>Shape checks shared by every part of the file: each reports an error with its path and returns null.</summary>
internal sealed partial class RuleSetReader
{
    private readonly List<RuleSetError> _errors = [];
    private string? _ruleId;

    private bool HasErrors => _errors.Count > 0;

    private void Error(string path, string message)
    {
        if (_errors.Count < RuleSetLimits.MaxErrors)
        {
            _errors.Add(new RuleSetError(_ruleId, path, message));
        }
        else if (_errors.Count == RuleSetLimits.MaxErrors)
        {
            _errors.Add(new RuleSetError(null, path, $"more than {RuleSetLimits.MaxErrors} errors; the rest are not listed"));
        }
    }

    private static string At(string path, string key) => path is "" or "$" ? key : path + "." + key;

    private static string At(string path, int index) => $"{path}[{index}]";

    /// <summary>
    /// <paramref name="element"/> is an object whose keys are all in <paramref name="known"/>, each once. Unknown keys
    /// are errors (a typo must not silently do nothing), with a suggestion when one is close.
    /// </summary>
    private bool IsObject(JsonElement element, string path, string what, ReadOnlySpan<string> known)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(path, $"{what} must be a JSON object, not {Describe(element)}");
            return false;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                Error(At(path, property.Name), $"'{property.Name}' is given twice");
            }
            else if (!Contains(known, property.Name))
            {
                Error(At(path, property.Name), UnknownKey(property.Name, known, $"{what} takes {List(known)}"));
            }
        }

        return true;
    }

    private static string UnknownKey(string key, ReadOnlySpan<string> known, string hint) =>
        Suggest(key, known) is { } close
            ? $"unknown key '{key}' — did you mean '{close}'?"
            : $"unknown key '{key}'; {hint}";

    /// <summary>A required string: present, a string, not blank, no surrounding spaces, at most <paramref name="maxLength"/> chars.</summary>
    private string? Text(JsonElement element, string path, int maxLength)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            Error(path, $"must be a string, not {Describe(element)}");
            return null;
        }

        var text = element.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            Error(path, "must not be empty");
            return null;
        }

        if (text.Length > maxLength)
        {
            Error(path, $"is {text.Length} characters long; at most {maxLength}");
            return null;
        }

        if (!string.Equals(text, text.Trim(), StringComparison.Ordinal))
        {
            Error(path, $"'{text}' has leading or trailing spaces");
            return null;
        }

        return text;
    }

    private string? Text(JsonElement parent, string key, string path, int maxLength, bool required)
    {
        if (parent.TryGetProperty(key, out var value))
        {
            return Text(value, At(path, key), maxLength);
        }

        if (required)
        {
            Error(At(path, key), $"'{key}' is missing");
        }

        return null;
    }

    private bool? Bool(JsonElement element, string path)
    {
        if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return element.GetBoolean();
        }

        Error(path, $"must be true or false, not {Describe(element)}");
        return null;
    }

    /// <summary>
    /// A string or a non-empty list of strings. With <paramref name="allowNull"/>, <c>null</c> (alone or in the list)
    /// stands for "no value" and sets <paramref name="hasNull"/>.
    /// </summary>
    private List<string>? Texts(JsonElement element, string path, int maxLength, bool allowNull, out bool hasNull)
    {
        hasNull = false;
        var values = new List<string>();
        if (element.ValueKind == JsonValueKind.Array)
        {
            if (!IsListOfSize(element, path))
            {
                return null;
            }

            var i = 0;
            var ok = true;
            foreach (var item in element.EnumerateArray())
            {
                ok &= AddText(item, At(path, i++), maxLength, allowNull, values, ref hasNull);
            }

            return ok ? values : null;
        }

        return AddText(element, path, maxLength, allowNull, values, ref hasNull) ? values : null;
    }

    private bool AddText(JsonElement element, string path, int maxLength, bool allowNull, List<string> values, ref bool hasNull)
    {
        if (allowNull && element.ValueKind == JsonValueKind.Null)
        {
            hasNull = true;
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            Error(path, allowNull
                ? $"must be a string, null or a list of them, not {Describe(element)}"
                : $"must be a string or a list of strings, not {Describe(element)}");
            return false;
        }

        if (Text(element, path, maxLength) is not { } text)
        {
            return false;
        }

        values.Add(text);
        return true;
    }

    private bool IsListOfSize(JsonElement array, string path)
    {
        var length = array.GetArrayLength();
        if (length == 0)
        {
            Error(path, "must not be an empty list");
            return false;
        }

        if (length > RuleSetLimits.MaxListLength)
        {
            Error(path, $"has {length} items; at most {RuleSetLimits.MaxListLength}");
            return false;
        }

        return true;
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => $"the string \"{Shorten(element.GetString()!)}\"",
        JsonValueKind.Number => $"the number {Shorten(element.GetRawText())}",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "null",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static bool Contains(ReadOnlySpan<string> values, string value)
    {
        foreach (var candidate in values)
        {
            if (string.Equals(candidate, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string List(ReadOnlySpan<string> values)
    {
        var quoted = new string[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            quoted[i] = "'" + values[i] + "'";
        }

        return string.Join(", ", quoted);
    }

    /// <summary>The known key a typo most likely meant: same letters ignoring case, or at most 2 edits away.</summary>
    private static string? Suggest(string key, ReadOnlySpan<string> known)
    {
        if (key.Length > 40)
        {
            return null;
        }

        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = string.Equals(candidate, key, StringComparison.OrdinalIgnoreCase) ? 0 : EditDistance(key, candidate);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return bestDistance <= Math.Min(2, Math.Max(1, key.Length / 3)) ? best : null;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1);
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
