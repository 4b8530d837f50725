namespace WeComGateway.Storage.Channels;

/// <summary>A corp tag a channel puts on the customers it brings (group and name, as rules name tags).</summary>
public sealed record ChannelTag(string Group, string Name);

/// <summary>
/// A channel QR code (渠道活码): a WeCom contact way (<see cref="ConfigId"/>) whose <see cref="State"/> comes back on
/// every add through it, and what the gateway knows the state to mean. <see cref="State"/> and <see cref="Name"/> are
/// unique within the corp; the state never changes (the statistics are counted by it).
/// </summary>
public sealed record Channel
{
    /// <summary>The gateway's id of the channel (the admin API's <c>{id}</c>).</summary>
    public required string Id { get; init; }

    /// <summary>Unique within the corp; rules may name it (<c>"channel": "抖音-春季"</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The contact way's <c>state</c> (≤ 30 characters): the add event's <c>State</c>.</summary>
    public required string State { get; init; }

    /// <summary>WeCom's <c>config_id</c> of the contact way (needed to update or delete it).</summary>
    public required string ConfigId { get; init; }

    /// <summary>The QR image URL WeCom answered (<c>qr_code</c>).</summary>
    public string? QrCode { get; init; }

    public string? Campaign { get; init; }

    public string? Medium { get; init; }

    /// <summary>The employees the code adds (one: a single-member code, WeCom type 1; several: type 2).</summary>
    public required IReadOnlyList<string> Owners { get; init; }

    /// <summary>The welcome template (an id of the corp's rule set) customers who add through the channel get.</summary>
    public string? WelcomeTemplateId { get; init; }

    /// <summary>Tags every customer who adds through the channel gets, applied by the automation with the rules' tags.</summary>
    public IReadOnlyList<ChannelTag> Tags { get; init; } = [];

    /// <summary>WeCom's <c>skip_verify</c>: customers are added without the employee confirming.</summary>
    public bool SkipVerify { get; init; } = true;

    /// <summary>WeCom's <c>remark</c> of the contact way (≤ 30 characters).</summary>
    public string? Remark { get; init; }

    /// <summary>A temporary code (WeCom <c>is_temp</c>): valid until <see cref="ExpiresAt"/>.</summary>
    public bool IsTemporary { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>What <see cref="IChannelStore.AddAsync"/> and <see cref="IChannelStore.UpdateAsync"/> decided.</summary>
public enum ChannelWriteResult
{
    Written,

    /// <summary>Another channel of the corp has that state.</summary>
    StateTaken,

    /// <summary>Another channel of the corp has that name.</summary>
    NameTaken,

    /// <summary>No channel with that id (update only).</summary>
    NotFound,

    /// <summary>The corp holds no grant: nothing of it may be written.</summary>
    NotAuthorized,
}
