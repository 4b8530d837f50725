using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace WeComGateway.Cli.Commands;

/// <summary>What came back for one request: an HTTP answer, or a one-line reason it never arrived.</summary>
internal sealed record HttpAnswer(int? StatusCode, string? ReasonPhrase, string Body, TimeSpan Elapsed, TimeSpan? TimeToHeaders, string? Error)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}

/// <summary>Sends one callback request and times it; network failures become an <see cref="HttpAnswer.Error"/>, not an exception.</summary>
internal sealed class CallbackHttp(CliContext context, TimeSpan timeout) : IDisposable
{
    private readonly HttpClient _client = context.CreateHttpClient(timeout);

    public Task<HttpAnswer> PostXmlAsync(Uri url, string body, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "text/xml") }, cancellationToken);

    public Task<HttpAnswer> GetAsync(Uri url, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, url), cancellationToken);

    public void Dispose() => _client.Dispose();

    private async Task<HttpAnswer> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                var headers = Stopwatch.GetElapsedTime(started);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                return new HttpAnswer((int)response.StatusCode, response.ReasonPhrase, body, Stopwatch.GetElapsedTime(started), headers, Error: null);
            }
            catch (HttpRequestException exception)
            {
                return Failed(started, $"could not reach {Origin(request)}: {Describe(exception)}");
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Failed(started, $"no answer from {Origin(request)} within {timeout.TotalSeconds:0.#} s");
            }
        }
    }

    private static HttpAnswer Failed(long started, string error) =>
        new(StatusCode: null, ReasonPhrase: null, Body: string.Empty, Stopwatch.GetElapsedTime(started), TimeToHeaders: null, error);

    private static string Origin(HttpRequestMessage request) => request.RequestUri?.GetLeftPart(UriPartial.Authority) ?? "the receiver";

    private static string Describe(HttpRequestException exception) => exception.InnerException switch
    {
        SocketException socket => socket.Message,
        { } inner when exception.HttpRequestError == HttpRequestError.SecureConnectionError => inner.Message,
        _ => exception.Message,
    };
}
