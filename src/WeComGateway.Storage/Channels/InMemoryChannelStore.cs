using WeComGateway.Storage.Authorizations;

namespace WeComGateway.Storage.Channels;

/// <summary>The embedded default: the same rules as <see cref="RedisChannelStore"/> within one process.</summary>
public sealed class InMemoryChannelStore : InMemoryCorpData, IChannelStore
{
    private readonly Dictionary<string, Dictionary<string, Channel>> _corps = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<Channel>> ListAsync(string corpId, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        lock (Gate)
        {
            IReadOnlyList<Channel> list = _corps.TryGetValue(corpId, out var channels)
                ? [.. channels.Values.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id, StringComparer.Ordinal)]
                : [];
            return Task.FromResult(list);
        }
    }

    public Task<Channel?> GetAsync(string corpId, string channelId, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        lock (Gate)
        {
            return Task.FromResult(_corps.TryGetValue(corpId, out var channels) ? channels.GetValueOrDefault(channelId) : null);
        }
    }

    public Task<Channel?> FindByStateAsync(string corpId, string state, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        lock (Gate)
        {
            return Task.FromResult(_corps.TryGetValue(corpId, out var channels)
                ? channels.Values.FirstOrDefault(c => string.Equals(c.State, state, StringComparison.Ordinal))
                : null);
        }
    }

    public Task<ChannelWriteResult> AddAsync(string corpId, Channel channel, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        ArgumentNullException.ThrowIfNull(channel);
        lock (Gate)
        {
            if (!IsAdmitted(corpId))
            {
                return Task.FromResult(ChannelWriteResult.NotAuthorized);
            }

            if (!_corps.TryGetValue(corpId, out var channels))
            {
                channels = new Dictionary<string, Channel>(StringComparer.Ordinal);
                _corps[corpId] = channels;
            }

            if (channels.Values.Any(c => c.State == channel.State) || channels.ContainsKey(channel.Id))
            {
                return Task.FromResult(ChannelWriteResult.StateTaken);
            }

            if (channels.Values.Any(c => c.Name == channel.Name))
            {
                return Task.FromResult(ChannelWriteResult.NameTaken);
            }

            channels[channel.Id] = channel;
            return Task.FromResult(ChannelWriteResult.Written);
        }
    }

    public Task<ChannelWriteResult> UpdateAsync(string corpId, Channel channel, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        ArgumentNullException.ThrowIfNull(channel);
        lock (Gate)
        {
            if (!IsAdmitted(corpId))
            {
                return Task.FromResult(ChannelWriteResult.NotAuthorized);
            }

            if (!_corps.TryGetValue(corpId, out var channels) || !channels.TryGetValue(channel.Id, out var stored))
            {
                return Task.FromResult(ChannelWriteResult.NotFound);
            }

            if (stored.State != channel.State)
            {
                return Task.FromResult(ChannelWriteResult.StateTaken);
            }

            if (channels.Values.Any(c => c.Name == channel.Name && c.Id != channel.Id))
            {
                return Task.FromResult(ChannelWriteResult.NameTaken);
            }

            channels[channel.Id] = channel;
            return Task.FromResult(ChannelWriteResult.Written);
        }
    }

    public Task<bool> DeleteAsync(string corpId, string channelId, CancellationToken cancellationToken)
    {
        CorpKeys.Validate(corpId);
        lock (Gate)
        {
            return Task.FromResult(_corps.TryGetValue(corpId, out var channels) && channels.Remove(channelId));
        }
    }

    protected override long RemoveCorp(string corpId) => _corps.Remove(corpId, out var channels) && channels.Count > 0 ? 3 : 0;
}
