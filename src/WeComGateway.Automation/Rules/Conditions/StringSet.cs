using System.Collections.Frozen;

namespace WeComGateway.Automation;

/// <summary>The values a condition accepts, compared ordinally: a short array, or a frozen hash set past a few.</summary>
internal sealed class StringSet
{
    private const int ScanLimit = 8;

    private readonly string[] _values;
    private readonly FrozenSet<string>? _set;

    public StringSet(IEnumerable<string> values)
    {
        _values = values.Distinct(StringComparer.Ordinal).ToArray();
        _set = _values.Length > ScanLimit ? _values.ToFrozenSet(StringComparer.Ordinal) : null;
    }

    public bool Contains(string? value)
    {
        if (value is null)
        {
            return false;
        }

        if (_set is not null)
        {
            return _set.Contains(value);
        }

        foreach (var candidate in _values)
        {
            if (string.Equals(candidate, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public bool ContainsAny(IReadOnlyList<string> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (Contains(values[i]))
            {
                return true;
            }
        }

        return false;
    }
}
