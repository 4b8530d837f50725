using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using WeComGateway.Automation;
using WeComGateway.Storage;
using WeComGateway.Storage.Channels;

namespace WeComGateway.Workers.Channels;

/// <summary>
/// A corp's channels as the rules see them (<see cref="ChannelDirectory"/>), read from the channel store and kept for
/// <see cref="ChannelOptions.DirectoryRefreshInterval"/>: rule evaluation and welcome selection get it from here, so
/// the Automation library never touches storage. While the store is unreachable the directory read last stays (for
/// another interval); with none read yet the store's error is thrown.
/// </summary>
internal sealed class ChannelDirectoryProvider(IChannelStore store, IOptions<ChannelOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (ChannelDirectory Directory, DateTimeOffset ReadAt)> _corps = new(StringComparer.Ordinal);

    public async ValueTask<ChannelDirectory> GetAsync(string corpId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var known = _corps.TryGetValue(corpId, out var cached);
        if (known && now - cached.ReadAt < options.Value.DirectoryRefreshInterval)
        {
            return cached.Directory;
        }

        IReadOnlyList<Channel> channels;
        try
        {
            channels = await store.ListAsync(corpId, cancellationToken);
        }
        catch (StoreUnavailableException) when (known)
        {
            _corps[corpId] = (cached.Directory, now);
            return cached.Directory;
        }

        var directory = channels.Count == 0
            ? ChannelDirectory.Empty
            : new ChannelDirectory(channels.Select(c => new ChannelInfo(c.State, c.Name, [.. c.Tags.Select(t => new TagRef(t.Group, t.Name))], c.WelcomeTemplateId)));
        _corps[corpId] = (directory, now);
        return directory;
    }

    /// <summary>A channel of the corp changed here: the next read goes to the store.</summary>
    public void Forget(string corpId) => _corps.TryRemove(corpId, out _);
}
