using WeComGateway.Storage.Authorizations;

namespace WeComGateway.Storage.Media;

/// <summary>The embedded default, lost on restart (every source is then uploaded again once).</summary>
public sealed class InMemoryMediaCacheStore : InMemoryCorpData, IMediaCacheStore
{
    private readonly Dictionary<string, Dictionary<string, CachedMedia>> _media = new(StringComparer.Ordinal);

    public Task<CachedMedia?> GetAsync(string corpId, string field, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        MediaCacheField.Validate(field);
        lock (Gate)
        {
            return Task.FromResult(_media.GetValueOrDefault(corpId)?.GetValueOrDefault(field));
        }
    }

    public Task<bool> SetAsync(string corpId, string field, CachedMedia media, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        MediaCacheField.Validate(field);
        ArgumentNullException.ThrowIfNull(media);
        lock (Gate)
        {
            if (!IsAdmitted(corpId))
            {
                return Task.FromResult(false);
            }

            if (!_media.TryGetValue(corpId, out var fields))
            {
                _media[corpId] = fields = new(StringComparer.Ordinal);
            }

            fields[field] = media;
            return Task.FromResult(true);
        }
    }

    public Task<bool> RemoveAsync(string corpId, string field, string mediaId, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        MediaCacheField.Validate(field);
        ArgumentException.ThrowIfNullOrEmpty(mediaId);
        lock (Gate)
        {
            return Task.FromResult(
                _media.TryGetValue(corpId, out var fields) && fields.TryGetValue(field, out var cached) && cached.MediaId == mediaId && fields.Remove(field));
        }
    }

    protected override long RemoveCorp(string corpId) => _media.Remove(corpId) ? 1 : 0;
}
