using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace WeComGateway.Operations.DeadLetters;

/// <summary>The RabbitMQ management HTTP API, for the one thing AMQP cannot do: list the queues of a vhost.</summary>
internal sealed class ManagementApi(HttpClient http, DeadLetterOptions options)
{
    /// <summary>Every queue name of the vhost (<c>GET /api/queues/{vhost}?columns=name</c>).</summary>
    public async Task<IReadOnlyList<string>> QueueNamesAsync(CancellationToken cancellationToken)
    {
        var url = new Uri(options.ManagementUrl, $"api/queues/{Uri.EscapeDataString(options.VirtualHost)}?columns=name");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var credentials = options.ManagementCredentials;
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.UserName}:{credentials.Password}")));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw Unavailable($"refused user '{credentials.UserName}' ({(int)response.StatusCode}): wrong password, or the user lacks the management or monitoring tag", hint: false);
            }

            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw Unavailable($"knows no vhost '{options.VirtualHost}'");
            }

            response.EnsureSuccessStatusCode();
            var queues = await response.Content.ReadFromJsonAsync<List<QueueEntry>>(timeout.Token) ?? [];
            return queues.Select(q => q.Name).Where(n => n is { Length: > 0 }).Select(n => n!).ToList();
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw Unavailable("answered something that is not a queue list", ex);
        }
        catch (HttpRequestException ex)
        {
            throw Unavailable($"is unreachable: {ex.Message}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unavailable($"did not answer within {options.Timeout.TotalSeconds:0} s", ex);
        }
    }

    private DeadLetterBrokerUnavailableException Unavailable(string what, Exception? inner = null, bool hint = true) =>
        new($"The RabbitMQ management API at {options.ManagementUrl} {what}"
            + (hint ? $" (if it lives elsewhere: {DeadLetterOptions.ManagementUrlKey}, or --management-url for wecomgw)." : "."), inner);

    private sealed record QueueEntry(string? Name);
}
