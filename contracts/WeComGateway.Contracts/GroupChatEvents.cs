namespace WeComGateway.Contracts;

/// <summary><c>change_external_chat/create</c>: a customer group chat was created.</summary>
public sealed record GroupChatCreated : WeComCallbackEvent
{
    /// <summary>The group chat id.</summary>
    public required string ChatId { get; init; }
}

/// <summary><c>change_external_chat/dismiss</c>: the customer group chat was dismissed.</summary>
public sealed record GroupChatDismissed : WeComCallbackEvent
{
    /// <summary>The group chat id.</summary>
    public required string ChatId { get; init; }
}

/// <summary><c>change_external_chat/update/add_member</c>: members joined the group chat.</summary>
public sealed record GroupChatMemberJoined : WeComCallbackEvent
{
    /// <summary>The group chat id.</summary>
    public required string ChatId { get; init; }

    /// <summary>
    /// How they joined, as WeCom sends it: documented 0 = invited by a member, 3 = scanned the group QR code; the
    /// official sample sends 1, so treat it as an open value. Null when absent.
    /// </summary>
    public int? JoinScene { get; init; }

    /// <summary>How many members joined.</summary>
    public int? MemChangeCnt { get; init; }

    /// <summary>The ids from <c>MemChangeList/Item</c>; may be empty on some WeCom client versions.</summary>
    public IReadOnlyList<string> MemberIds { get; init; } = [];

    /// <summary>Member-list version before the change (compare with groupchat/get <c>member_version</c>).</summary>
    public string? LastMemVer { get; init; }

    /// <summary>Member-list version after the change.</summary>
    public string? CurMemVer { get; init; }
}

/// <summary><c>change_external_chat/update/del_member</c>: members left or were removed from the group chat.</summary>
public sealed record GroupChatMemberLeft : WeComCallbackEvent
{
    /// <summary>The group chat id.</summary>
    public required string ChatId { get; init; }

    /// <summary>How they left: documented 0 = left by themselves, 1 = removed by the owner or an admin. Open value.</summary>
    public int? QuitScene { get; init; }

    /// <summary>How many members left.</summary>
    public int? MemChangeCnt { get; init; }

    /// <summary>The ids from <c>MemChangeList/Item</c>; may be empty on some WeCom client versions.</summary>
    public IReadOnlyList<string> MemberIds { get; init; } = [];

    /// <summary>Member-list version before the change (compare with groupchat/get <c>member_version</c>).</summary>
    public string? LastMemVer { get; init; }

    /// <summary>Member-list version after the change.</summary>
    public string? CurMemVer { get; init; }
}

/// <summary><c>change_external_chat/update/change_owner</c>: the group chat has a new owner.</summary>
public sealed record GroupChatOwnerChanged : WeComCallbackEvent
{
    /// <summary>The group chat id.</summary>
    public required string ChatId { get; init; }
}

/// <summary><c>change_external_chat/update/change_name</c>: the group chat was renamed.</summary>
public sealed record GroupChatRenamed : WeComCallbackEvent
{
    /// <summary>The group chat id.</summary>
    public required string ChatId { get; init; }
}

/// <summary><c>change_external_chat/update/change_notice</c>: the group announcement changed.</summary>
public sealed record GroupChatNoticeChanged : WeComCallbackEvent
{
    /// <summary>The group chat id.</summary>
    public required string ChatId { get; init; }
}
