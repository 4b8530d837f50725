using System.Text.Json.Nodes;

namespace WeComGateway.Emulator.State;

internal sealed class TagGroup(string id, string name, long order, DateTimeOffset createdAt)
{
    public string Id { get; } = id;

    public string Name { get; set; } = name;

    public long Order { get; set; } = order;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public List<Tag> Tags { get; } = [];
}

internal sealed class Tag(string id, string name, long order, DateTimeOffset createdAt)
{
    public string Id { get; } = id;

    public string Name { get; set; } = name;

    public long Order { get; set; } = order;

    public DateTimeOffset CreatedAt { get; } = createdAt;
}

/// <summary>A member following a customer: their remark and the corp tags they put on the customer.</summary>
internal sealed class Follow(string userId, DateTimeOffset since)
{
    public string UserId { get; } = userId;

    public DateTimeOffset Since { get; } = since;

    public string? Remark { get; set; }

    public string? Description { get; set; }

    public string? RemarkCompany { get; set; }

    public List<string> RemarkMobiles { get; set; } = [];

    public HashSet<string> TagIds { get; } = new(StringComparer.Ordinal);
}

internal sealed class Customer(string externalUserId, string name)
{
    public string ExternalUserId { get; } = externalUserId;

    public string Name { get; set; } = name;

    public Dictionary<string, Follow> Follows { get; } = new(StringComparer.Ordinal);
}

internal sealed record Welcome(DateTimeOffset At, string Code, string? Text, JsonArray Attachments);

/// <summary>An application message (message/send): to whom it was addressed, who got it, and the text card.</summary>
internal sealed record AppMessage(
    string MsgId, DateTimeOffset SentAt, IReadOnlyList<string> ToUser, IReadOnlyList<string> DeliveredTo, string Title, string Description, string Url, string ButtonText, string Fingerprint);

/// <summary>An uploaded media file (media/upload or media/upload_attachment); <see cref="AttachmentType"/> is null for media/upload.</summary>
internal sealed record MediaRecord(string MediaId, string Type, string FileName, long Length, int? AttachmentType, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

internal sealed record ContactWayRecord(string ConfigId, DateTimeOffset CreatedAt, JsonObject Config);

/// <summary>A 加入群聊 way (groupchat/add_join_way) as stored: the request with <c>config_id</c> and <c>qr_code</c>.</summary>
internal sealed record JoinWayRecord(string ConfigId, DateTimeOffset CreatedAt, JsonObject Config);

/// <summary>An 入群欢迎语 template: the request's text and attachment.</summary>
internal sealed record GroupWelcomeTemplateRecord(string TemplateId, DateTimeOffset CreatedAt, JsonObject Content);

/// <summary>
/// A mass message (add_msg_template): its content, its members in the order WeCom gave them the task, reminders sent
/// (remind_groupmsg_send) and whether it was cancelled (cancel_groupmsg_send).
/// </summary>
internal sealed class GroupMessageRecord(string msgId, DateTimeOffset createdAt, string creator, string? text, JsonArray attachments)
{
    public string MsgId { get; } = msgId;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    /// <summary>The sender given, else the first member: what get_groupmsg_list_v2 answers as <c>creator</c>.</summary>
    public string Creator { get; } = creator;

    public string? Text { get; } = text;

    public JsonArray Attachments { get; } = attachments;

    public List<GroupMessageMember> Members { get; } = [];

    public List<DateTimeOffset> Reminders { get; } = [];

    public DateTimeOffset? CancelledAt { get; set; }
}

/// <summary>One member's part of a mass message: sent once the member confirmed it (<c>/emulator/groupmsg/confirm</c>).</summary>
internal sealed class GroupMessageMember(string userId)
{
    public string UserId { get; } = userId;

    public DateTimeOffset? SentAt { get; set; }

    public List<GroupMessageRecipient> Recipients { get; } = [];
}

/// <summary>One customer of a member's part; <see cref="Status"/> as get_groupmsg_send_result answers it (0 not sent, 1 sent, 2 not a friend, 3 over the monthly limit).</summary>
internal sealed class GroupMessageRecipient(string externalUserId)
{
    public string ExternalUserId { get; } = externalUserId;

    public int Status { get; set; }

    public DateTimeOffset? SentAt { get; set; }
}

/// <summary>What an auth code registered through <c>/emulator/auth-codes</c> authorizes.</summary>
internal sealed record AuthGrant(string CorpId, string? CorpName, string? PermanentCode);

/// <summary>What one authorized corp has: tags, customers, welcomes sent, contact ways.</summary>
internal sealed class CorpState(string corpId, string corpName)
{
    public string CorpId { get; } = corpId;

    public string CorpName { get; set; } = corpName;

    public List<TagGroup> Groups { get; } = [];

    public Dictionary<string, Customer> Customers { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Welcome> WelcomesByCode { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ContactWayRecord> ContactWays { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, JoinWayRecord> JoinWays { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, GroupWelcomeTemplateRecord> GroupWelcomeTemplates { get; } = new(StringComparer.Ordinal);
    /// <summary>Application messages sent (message/send), oldest first.</summary>
    public List<AppMessage> Messages { get; } = [];

    /// <summary>Members who left the corp (<c>/emulator/departed</c>): message/send answers them in <c>invaliduser</c>.</summary>
    public HashSet<string> DepartedMembers { get; } = new(StringComparer.Ordinal);
    /// <summary>get_user_behavior_data's figures per (member, day), as steered through <c>/emulator/behavior</c>.</summary>
    public Dictionary<(string UserId, DateOnly Day), (long NewContacts, long NegativeFeedback)> Behavior { get; } = [];

    /// <summary>Media uploaded by the corp's apps, by media id (expired ones stay, so their use answers 40007).</summary>
    public Dictionary<string, MediaRecord> Media { get; } = new(StringComparer.Ordinal);

    /// <summary>Mass messages (add_msg_template), oldest first.</summary>
    public List<GroupMessageRecord> GroupMessages { get; } = [];

    /// <summary>When each customer received a mass message (status 1), for WeCom's monthly limit.</summary>
    public Dictionary<string, List<DateTimeOffset>> GroupMessagesReceived { get; } = new(StringComparer.Ordinal);
    /// <summary>Moment tasks (add_moment_task) by job id.</summary>
    public Dictionary<string, Api.MomentTaskRecord> MomentTasks { get; } = new(StringComparer.Ordinal);

    /// <summary>Members configured for customer contact besides those who already follow a customer.</summary>
    public HashSet<string> ContactMembers { get; } = new(StringComparer.Ordinal);

    /// <summary>What get_follow_user_list answers: the configured members and every member following a customer, sorted.</summary>
    public IReadOnlyList<string> FollowUserIds() =>
        [.. ContactMembers.Concat(Customers.Values.SelectMany(c => c.Follows.Keys)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public (TagGroup Group, Tag Tag)? FindTag(string tagId) =>
        Groups.SelectMany(g => g.Tags.Select(t => (g, t))).FirstOrDefault(x => x.t.Id == tagId) is ({ } g, { } t) ? (g, t) : null;

    public TagGroup? FindGroup(string groupId) => Groups.Find(g => g.Id == groupId);

    public Customer Customer(string externalUserId)
    {
        if (!Customers.TryGetValue(externalUserId, out var customer))
        {
            customer = new Customer(externalUserId, FakeNames.For(externalUserId));
            Customers[externalUserId] = customer;
        }

        return customer;
    }

    /// <summary>
    /// Customers who were friends of the corp's members before the app was installed: <paramref name="count"/> new
    /// customers spread round-robin over <paramref name="followUsers"/> (every tenth also followed by the next member),
    /// added on earlier days, with tags from the corp's tag library (by index, so a test can predict them).
    /// </summary>
    public IReadOnlyList<string> SeedExisting(int count, IReadOnlyList<string> followUsers, DateTimeOffset now)
    {
        var tags = Groups.SelectMany(g => g.Tags).Select(t => t.Id).ToList();
        ContactMembers.UnionWith(followUsers);
        var seeded = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var id = Api.Json.NewId("wmexisting", 22);
            var since = now.AddDays(-1 - (i % 365)).AddMinutes(-i);
            var follow = Follow(id, followUsers[i % followUsers.Count], since);
            if (tags.Count > 0)
            {
                follow.TagIds.Add(tags[i % tags.Count]);
                if (i % 3 == 0)
                {
                    follow.TagIds.Add(tags[(i + 1) % tags.Count]);
                }
            }

            if (i % 10 == 0 && followUsers.Count > 1)
            {
                var second = Follow(id, followUsers[(i + 1) % followUsers.Count], since.AddHours(1));
                if (tags.Count > 0)
                {
                    second.TagIds.Add(tags[(i + 2) % tags.Count]);
                }
            }

            seeded.Add(id);
        }

        return seeded;
    }

    public Follow Follow(string externalUserId, string userId, DateTimeOffset now)
    {
        var customer = Customer(externalUserId);
        if (!customer.Follows.TryGetValue(userId, out var follow))
        {
            follow = new Follow(userId, now);
            customer.Follows[userId] = follow;
        }

        return follow;
    }

    /// <summary>Drops deleted tags from every customer.</summary>
    public void ForgetTags(IReadOnlySet<string> tagIds)
    {
        foreach (var follow in Customers.Values.SelectMany(c => c.Follows.Values))
        {
            follow.TagIds.ExceptWith(tagIds);
        }
    }
}

internal static class FakeNames
{
    private static readonly string[] Names = ["李雷", "韩梅梅", "王小明", "张伟", "刘洋", "陈静", "杨帆", "赵丽"];

    public static string For(string externalUserId) => Names[Api.Json.StableHash(externalUserId) % (uint)Names.Length];
}
