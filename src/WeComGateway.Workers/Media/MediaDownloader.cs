using System.Net;
using Microsoft.Extensions.Options;

namespace WeComGateway.Workers.Media;

/// <summary>
/// Downloads <c>url</c> sources: the whole download within <c>Media:DownloadTimeout</c>, at most the type's
/// <c>Media:MaxDownloadBytes</c> (a longer body is cut off and refused), and only content types WeCom takes for the
/// type. A refusal that retrying cannot change (4xx, too large, wrong type) is a <see cref="MediaSourceException"/>;
/// a timeout or a server error is not, so the caller's retries apply.
/// </summary>
internal sealed class MediaDownloader(IHttpClientFactory clients, IOptions<MediaOptions> options, TimeProvider time)
{
    /// <summary>The named HttpClient downloads go through (no WeCom handlers: these are not WeCom's URLs).</summary>
    public const string ClientName = "media-download";

    public async Task<MediaContent> DownloadAsync(MediaSource source, CancellationToken cancellationToken)
    {
        var url = new Uri(source.Value);
        var where = url.GetLeftPart(UriPartial.Path);
        var maxBytes = options.Value.MaxBytes(source.Type);
        using var timeout = new CancellationTokenSource(options.Value.DownloadTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var client = clients.CreateClient(ClientName);
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                throw status is >= 400 and < 500 and not (int)HttpStatusCode.RequestTimeout and not (int)HttpStatusCode.TooManyRequests
                    ? new MediaSourceException($"The {source.Type} at {where} answered HTTP {status}.")
                    : new HttpRequestException($"The {source.Type} at {where} answered HTTP {status}.", null, response.StatusCode);
            }

            var contentType = response.Content.Headers.ContentType?.MediaType;
            var fileName = MediaContent.FileNameOfDownload(source.Type, url, contentType);
            if (response.Content.Headers.ContentLength is { } length && length > maxBytes)
            {
                throw TooLarge(source, where, maxBytes);
            }

            var bytes = await ReadAtMostAsync(await response.Content.ReadAsStreamAsync(linked.Token), maxBytes, linked.Token)
                ?? throw TooLarge(source, where, maxBytes);
            if (bytes.Length <= MediaContent.MinBytesExclusive)
            {
                throw new MediaSourceException($"The {source.Type} at {where} has {bytes.Length} bytes; WeCom takes more than {MediaContent.MinBytesExclusive}.");
            }

            return new MediaContent(bytes, fileName, contentType ?? "application/octet-stream");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The {source.Type} at {where} was not downloaded within Media:DownloadTimeout ({options.Value.DownloadTimeout}).");
        }
    }

    /// <summary>The body, or null when it has more than <paramref name="maxBytes"/>.</summary>
    private static async Task<byte[]?> ReadAtMostAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        await using var _ = body;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        }

        return buffer.ToArray();
    }

    private static MediaSourceException TooLarge(MediaSource source, string where, long maxBytes) =>
        new($"The {source.Type} at {where} is larger than Media:MaxDownloadBytes ({maxBytes} bytes).");
}
