using System.Collections;

namespace WeComGateway.Hosting;

/// <summary>
/// The logging scope of work on one callback: <c>SuiteId</c>, <c>CorpId</c>, <c>DedupeKey</c> (null ones left out).
/// Structured for JSON and OpenTelemetry log exporters, and readable in the console (<c>IncludeScopes</c>).
/// </summary>
public sealed class CallbackLogScope : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly KeyValuePair<string, object?>[] _values;

    public CallbackLogScope(string? suiteId, string? corpId, string? dedupeKey)
    {
        var values = new List<KeyValuePair<string, object?>>(3);
        if (suiteId is not null)
        {
            values.Add(new("SuiteId", suiteId));
        }

        if (corpId is not null)
        {
            values.Add(new("CorpId", corpId));
        }

        if (dedupeKey is not null)
        {
            values.Add(new("DedupeKey", dedupeKey));
        }

        _values = [.. values];
    }

    public int Count => _values.Length;

    public KeyValuePair<string, object?> this[int index] => _values[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(' ', _values.Select(v => $"{v.Key}:{v.Value}"));
}
