using System.Net;
using Microsoft.Extensions.Options;
using WeComGateway.Storage.Media;
using WeComGateway.Workers.Media;

namespace WeComGateway.Workers.Tests.Media;

/// <summary>What the gateway reads and downloads for media: nothing outside Media:Root, nothing larger or of another type than WeCom takes.</summary>
public sealed class MediaSourceSafetyTests : IDisposable
{
    private readonly MediaFolder _root = new();
    private readonly MediaFolder _outside = new();

    [Theory]
    [InlineData("/etc/passwd", "relative to Media:Root")]
    [InlineData("C:/Windows/win.ini", "relative to Media:Root")]
    [InlineData("~/secret.png", "relative to Media:Root")]
    [InlineData("../secret.png", "may not go up")]
    [InlineData("banners/../../secret.png", "may not go up")]
    [InlineData("banners\\..\\..\\secret.png", "may not go up")]
    public void A_rooted_path_or_one_that_goes_up_is_refused(string path, string message)
    {
        var error = Assert.Throws<MediaSourceException>(() => MediaFiles.Resolve(_root.Root, path));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_link_out_of_the_root_is_refused_whether_it_is_the_file_or_a_folder_on_the_way()
    {
        var secret = _outside.Write("secret.png", 64);
        File.CreateSymbolicLink(Path.Combine(_root.Root, "linked.png"), secret);
        Directory.CreateSymbolicLink(Path.Combine(_root.Root, "shared"), _outside.Root);

        Assert.Contains("symbolic link", Assert.Throws<MediaSourceException>(() => MediaFiles.Resolve(_root.Root, "linked.png")).Message, StringComparison.Ordinal);
        Assert.Contains("symbolic link", Assert.Throws<MediaSourceException>(() => MediaFiles.Resolve(_root.Root, "shared/secret.png")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symbolic_link_inside_the_root_is_followed()
    {
        var banner = _root.Write("2026/spring.png", 64);
        Directory.CreateSymbolicLink(Path.Combine(_root.Root, "current"), Path.Combine(_root.Root, "2026"));

        Assert.Equal(banner, MediaFiles.Resolve(_root.Root, "current/spring.png"));
        Assert.Equal(banner, MediaFiles.Resolve(_root.Root, "./2026//spring.png"));
    }

    [Fact]
    public void Without_Media_Root_no_path_is_read()
    {
        Assert.Contains("Media:Root is not set", Assert.Throws<MediaSourceException>(() => MediaFiles.Resolve(null, "a.png")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("image", "poster.gif", 64, "must be .jpg, .jpeg, .png")]
    [InlineData("video", "intro.mov", 64, "must be .mp4")]
    [InlineData("image", "tiny.png", 5, "more than 5")]
    [InlineData("file", "big.pdf", 2049, "at most 2048")]
    [InlineData("image", "missing.png", 0, "There is no file")]
    public async Task A_file_WeCom_would_refuse_is_refused_here(string type, string name, int bytes, string message)
    {
        if (bytes > 0)
        {
            _root.Write(name, bytes);
        }

        var error = await Assert.ThrowsAsync<MediaSourceException>(() => MediaFiles.ReadAsync(_root.Root, MediaSource.FromPath(type, name), 2048, default));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://cdn.example.com/a/poster", "image/png", "image.png")]
    [InlineData("https://cdn.example.com/a/poster.JPG?sig=secret", "image/jpeg", "poster.JPG")]
    [InlineData("https://cdn.example.com/menu.pdf", "application/pdf", "menu.pdf")]
    public async Task A_download_is_named_for_its_type(string url, string contentType, string fileName)
    {
        var downloader = Downloader(_ => Answer(HttpStatusCode.OK, 64, contentType));

        var content = await downloader.DownloadAsync(MediaSource.FromUrl(url.EndsWith("pdf", StringComparison.Ordinal) ? "file" : "image", url), default);

        Assert.Equal((fileName, contentType, 64), (content.FileName, content.ContentType, content.Bytes.Length));
    }

    [Fact]
    public async Task A_download_of_a_type_WeCom_refuses_or_larger_than_the_limit_or_answering_404_is_refused()
    {
        var source = MediaSource.FromUrl("image", "https://cdn.example.com/poster.png?token=secret");

        var wrongType = await Assert.ThrowsAsync<MediaSourceException>(() => Downloader(_ => Answer(HttpStatusCode.OK, 64, "text/html")).DownloadAsync(source, default));
        var declaredTooLarge = await Assert.ThrowsAsync<MediaSourceException>(() => Downloader(_ => Answer(HttpStatusCode.OK, 4096, "image/png")).DownloadAsync(source, default));
        var streamedTooLarge = await Assert.ThrowsAsync<MediaSourceException>(() => Downloader(_ => Answer(HttpStatusCode.OK, 4096, "image/png", chunked: true)).DownloadAsync(source, default));
        var notFound = await Assert.ThrowsAsync<MediaSourceException>(() => Downloader(_ => Answer(HttpStatusCode.NotFound, 0, "text/plain")).DownloadAsync(source, default));
        await Assert.ThrowsAsync<HttpRequestException>(() => Downloader(_ => Answer(HttpStatusCode.BadGateway, 0, "text/plain")).DownloadAsync(source, default));

        Assert.Contains("WeCom takes image/jpeg, image/png", wrongType.Message, StringComparison.Ordinal);
        Assert.Contains("larger than Media:MaxDownloadBytes (2048 bytes)", declaredTooLarge.Message, StringComparison.Ordinal);
        Assert.Contains("larger than", streamedTooLarge.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 404", notFound.Message, StringComparison.Ordinal);
        Assert.All([wrongType, declaredTooLarge, notFound], e => Assert.DoesNotContain("secret", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_download_slower_than_the_timeout_is_a_timeout()
    {
        var downloader = Downloader(async ct =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return Answer(HttpStatusCode.OK, 64, "image/png");
        });

        await Assert.ThrowsAsync<TimeoutException>(() => downloader.DownloadAsync(MediaSource.FromUrl("image", "https://cdn.example.com/slow.png"), default));
    }

    [Fact]
    public void The_cache_keeps_a_valid_id_refreshes_inside_the_margin_and_uploads_when_expired_or_changed()
    {
        var now = new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);
        CachedMedia Uploaded(TimeSpan ago) => new("3emu-1", now - ago, now - ago + TimeSpan.FromDays(3), "aa");
        var margin = TimeSpan.FromDays(1);

        Assert.Equal(MediaCacheDecision.Upload, MediaCacheDecisions.Decide(null, null, now, margin));
        Assert.Equal(MediaCacheDecision.Use, MediaCacheDecisions.Decide(Uploaded(TimeSpan.FromHours(47)), null, now, margin));
        Assert.Equal(MediaCacheDecision.Use, MediaCacheDecisions.Decide(Uploaded(TimeSpan.FromHours(47)), "aa", now, margin));
        Assert.Equal(MediaCacheDecision.Refresh, MediaCacheDecisions.Decide(Uploaded(TimeSpan.FromHours(48)), null, now, margin));
        Assert.Equal(MediaCacheDecision.Refresh, MediaCacheDecisions.Decide(Uploaded(TimeSpan.FromHours(71)), null, now, margin));
        Assert.Equal(MediaCacheDecision.Upload, MediaCacheDecisions.Decide(Uploaded(TimeSpan.FromHours(72)), null, now, margin));
        Assert.Equal(MediaCacheDecision.Changed, MediaCacheDecisions.Decide(Uploaded(TimeSpan.FromHours(1)), "bb", now, margin));
        Assert.Equal(MediaCacheDecision.Refresh, MediaCacheDecisions.Decide(Uploaded(TimeSpan.FromHours(1)), null, now, TimeSpan.FromHours(71.5)));
    }

    public void Dispose()
    {
        _root.Dispose();
        _outside.Dispose();
    }

    private static MediaDownloader Downloader(Func<CancellationToken, Task<HttpResponseMessage>> answer) =>
        new(new StubClients(new StubHandler(answer)), Options.Create(new MediaOptions
        {
            DownloadTimeout = TimeSpan.FromMilliseconds(200),
            MaxDownloadBytes = new MediaOptions.MediaSizeLimits { Image = 2048, File = 2048 },
        }), TimeProvider.System);

    private static MediaDownloader Downloader(Func<CancellationToken, HttpResponseMessage> answer) => Downloader(ct => Task.FromResult(answer(ct)));

    private static HttpResponseMessage Answer(HttpStatusCode status, int bytes, string contentType, bool chunked = false)
    {
        HttpContent content = chunked ? new StreamContent(new UnknownLength(new byte[bytes])) : new ByteArrayContent(new byte[bytes]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        Assert.Equal(chunked, content.Headers.ContentLength is null);
        return new HttpResponseMessage(status) { Content = content };
    }

    /// <summary>A body whose length is not known before it is read (chunked transfer).</summary>
    private sealed class UnknownLength(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    private sealed class StubHandler(Func<CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => answer(cancellationToken);
    }

    private sealed class StubClients(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }
}
