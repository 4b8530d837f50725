using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace WeComGateway.Cli.Commands;

/// <summary>
/// JSON calls to the admin API for the store-code, group-code and campaign commands: the answer's body, or null after the
/// reason was written to the error console (the admin API's problem title and detail, or why it was unreachable).
/// </summary>
internal static class AdminJsonCalls
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<JsonNode?> SendAsync(CliContext context, HttpClient http, HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text) ?? new JsonObject();
            }

            var detail = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                && JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) is JsonObject problem
                ? $"{problem["title"]}: {problem["detail"]}{(problem["errors"] is JsonObject errors ? " " + string.Join("; ", errors.Select(e => $"{e.Key}: {Text(e.Value)}")) : "")}"
                : await response.Content.ReadAsStringAsync(cancellationToken);
            var reason = response.StatusCode == HttpStatusCode.Unauthorized ? "the admin API refused the key" : $"the admin API answered {(int)response.StatusCode}";
            context.Error.MarkupLineInterpolated($"[red]error:[/] {reason} ({detail})");
            return null;
        }
        catch (HttpRequestException ex)
        {
            context.Error.MarkupLineInterpolated($"[red]error:[/] the admin API at {http.BaseAddress} is unreachable: {ex.Message}");
            return null;
        }
    }

    public static string CorpPath(string corpId, string rest) => $"admin/corps/{Uri.EscapeDataString(corpId.Trim())}/{rest}";

    public static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonArray array => string.Join(", ", array.Select(Text)),
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };
}
