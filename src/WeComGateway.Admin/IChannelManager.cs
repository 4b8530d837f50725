using WeComGateway.Storage.Channels;

namespace WeComGateway.Admin;

/// <summary>
/// What a channel (渠道活码) should be, as the admin API takes it. <see cref="State"/> (≤ 30 characters) is generated
/// when absent and never changes afterwards; a set <see cref="ExpiresInSeconds"/> makes a temporary code (one owner,
/// at most 14 days).
/// </summary>
public sealed record ChannelSpec
{
    public required string Name { get; init; }

    public string? State { get; init; }

    public string? Campaign { get; init; }

    public string? Medium { get; init; }

    public required IReadOnlyList<string> Owners { get; init; }

    public string? WelcomeTemplateId { get; init; }

    public IReadOnlyList<ChannelTag> Tags { get; init; } = [];

    public bool SkipVerify { get; init; } = true;

    public string? Remark { get; init; }

    public int? ExpiresInSeconds { get; init; }
}

public enum ChannelChangeStatus
{
    Done,

    /// <summary>No channel with that id.</summary>
    NotFound,

    /// <summary>The corp holds no active grant to call WeCom through.</summary>
    NotAuthorized,

    /// <summary>Another channel of the corp has the name or state, or the state was to change.</summary>
    Conflict,

    /// <summary>WeCom refused the call (<see cref="ChannelChange.Error"/> names its errcode).</summary>
    WeComRefused,
}

public sealed record ChannelChange(ChannelChangeStatus Status, Channel? Channel = null, string? Error = null);

/// <summary>
/// Creates, changes and deletes a corp's channels at WeCom (add/update/del_contact_way) and in the channel store,
/// together. Implemented by the workers (they hold the WeCom client); the admin API only validates and answers.
/// </summary>
public interface IChannelManager
{
    Task<ChannelChange> CreateAsync(string corpId, ChannelSpec spec, CancellationToken cancellationToken);

    Task<ChannelChange> UpdateAsync(string corpId, string channelId, ChannelSpec spec, CancellationToken cancellationToken);

    Task<ChannelChange> DeleteAsync(string corpId, string channelId, CancellationToken cancellationToken);
}
