using System.Collections;
using System.Globalization;
using System.Text;
using RabbitMQ.Client;

namespace WeComGateway.Operations.DeadLetters;

/// <summary>
/// AMQP header values as RabbitMQ.Client hands them over (strings arrive as UTF-8 <c>byte[]</c>, numbers as
/// int/long, timestamps as <see cref="AmqpTimestamp"/>, tables and arrays nested) turned into text, numbers and times.
/// </summary>
public static class HeaderValues
{
    public static string? Text(IDictionary<string, object?>? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var value) ? AsText(value) : null;

    public static long? Number(IDictionary<string, object?>? headers, string name) =>
        Text(headers, name) is { } text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;

    public static DateTimeOffset? Time(IDictionary<string, object?>? headers, string name)
    {
        if (headers is null || !headers.TryGetValue(name, out var value))
        {
            return null;
        }

        return value switch
        {
            AmqpTimestamp timestamp => DateTimeOffset.FromUnixTimeSeconds(timestamp.UnixTime),
            DateTime dateTime => new DateTimeOffset(DateTime.SpecifyKind(dateTime, dateTime.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : dateTime.Kind)),
            DateTimeOffset offset => offset,
            _ => DateTimeOffset.TryParse(AsText(value), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
                ? parsed
                : null,
        };
    }

    /// <summary>Every header as text, for showing; nested tables and arrays are written inline.</summary>
    public static IReadOnlyDictionary<string, string> AllAsText(IDictionary<string, object?>? headers) =>
        headers is null
            ? new Dictionary<string, string>()
            : headers.OrderBy(h => h.Key, StringComparer.Ordinal).ToDictionary(h => h.Key, h => AsText(h.Value) ?? string.Empty, StringComparer.Ordinal);

    public static string? AsText(object? value) => value switch
    {
        null => null,
        string text => text,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        ReadOnlyMemory<byte> memory => Encoding.UTF8.GetString(memory.Span),
        AmqpTimestamp timestamp => DateTimeOffset.FromUnixTimeSeconds(timestamp.UnixTime).ToString("O", CultureInfo.InvariantCulture),
        DateTime dateTime => dateTime.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset offset => offset.ToString("O", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IDictionary<string, object?> table => "{" + string.Join(", ", table.Select(e => $"{e.Key}={AsText(e.Value)}")) + "}",
        IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(AsText)) + "]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
