namespace WeComGateway.Storage.Channels;

/// <summary>
/// A corp's channels: one hash of records by id (<c>wecomgw:{corpId}:channels</c>) and two unique indexes, state → id
/// and name → id (<c>…:channels:states</c>, <c>…:channels:names</c>), written together in one script that checks the
/// corp's grant. Corp ids are validated like <see cref="Authorizations.CorpKeys"/>; Redis failures throw
/// <see cref="StoreUnavailableException"/>.
/// </summary>
public interface IChannelStore
{
    Task<IReadOnlyList<Channel>> ListAsync(string corpId, CancellationToken cancellationToken);

    Task<Channel?> GetAsync(string corpId, string channelId, CancellationToken cancellationToken);

    Task<Channel?> FindByStateAsync(string corpId, string state, CancellationToken cancellationToken);

    /// <summary>Stores a new channel unless its state or name is taken in the corp.</summary>
    Task<ChannelWriteResult> AddAsync(string corpId, Channel channel, CancellationToken cancellationToken);

    /// <summary>Replaces the channel of that id (its state must be the stored one) unless the new name is another's.</summary>
    Task<ChannelWriteResult> UpdateAsync(string corpId, Channel channel, CancellationToken cancellationToken);

    /// <summary>Removes the channel and its index entries; false when there was none. Its statistics stay.</summary>
    Task<bool> DeleteAsync(string corpId, string channelId, CancellationToken cancellationToken);
}
