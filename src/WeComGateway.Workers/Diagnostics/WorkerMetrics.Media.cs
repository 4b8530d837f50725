using System.Diagnostics.Metrics;

namespace WeComGateway.Workers.Diagnostics;

/// <summary>The media library's instruments (docs/observability.md, docs/media.md).</summary>
internal sealed partial class WorkerMetrics
{
    private Counter<long> _mediaUploads = null!;
    private Counter<long> _mediaCache = null!;
    private Counter<long> _mediaReuploads = null!;

    /// <param name="purpose"><c>message</c>, <c>moments</c> or <c>product_album</c>.</param>
    /// <param name="outcome"><c>uploaded</c>, <c>refused</c> (a WeCom errcode) or <c>failed</c> (no answer).</param>
    public void MediaUpload(string purpose, string outcome) =>
        _mediaUploads.Add(1, new KeyValuePair<string, object?>("purpose", purpose), new KeyValuePair<string, object?>("outcome", outcome));

    /// <param name="result"><c>hit</c>, <c>miss</c> or <c>refresh</c>.</param>
    public void MediaCache(string result) => _mediaCache.Add(1, new KeyValuePair<string, object?>("result", result));

    /// <param name="reason"><c>refresh</c>, <c>changed</c> or <c>invalid_media_id</c>.</param>
    public void MediaReupload(string reason) => _mediaReuploads.Add(1, new KeyValuePair<string, object?>("reason", reason));

    private void CreateMediaInstruments(Meter meter)
    {
        _mediaUploads = meter.CreateCounter<long>(
            "wecomgw.media.uploads", description: "Media uploads to WeCom (media/upload, media/upload_attachment), by purpose (message, moments, product_album) and outcome (uploaded, refused, failed).");
        _mediaCache = meter.CreateCounter<long>(
            "wecomgw.media.cache", description: "Media sources resolved from the cache, by result (hit, miss, refresh: less than Media:RefreshMargin left, uploaded again).");
        _mediaReuploads = meter.CreateCounter<long>(
            "wecomgw.media.reuploads", description: "Media uploaded again, by reason (refresh, changed: the file under the path changed, invalid_media_id: WeCom answered 40007).");
    }
}
