using System.Text.Json;

namespace WeComGateway.Testing.Hostile;

/// <summary>What the receiver answered a hostile request: its status and the refusal's reason label.</summary>
public static class HostileAnswer
{
    /// <summary>The reason label of a refusal: the problem document's <c>title</c>; "-" when the answer carries none.</summary>
    public static string ReasonOf(string? contentType, ReadOnlySpan<byte> body)
    {
        if (contentType is null || !contentType.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase) || body.IsEmpty)
        {
            return "-";
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.TryGetProperty("title", out var title) && title.GetString() is { Length: > 0 } label ? label : "-";
        }
        catch (JsonException)
        {
            return "-";
        }
    }

    public static async Task<(int Status, string Reason)> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return ((int)response.StatusCode, ReasonOf(response.Content.Headers.ContentType?.MediaType, body));
    }
}
