namespace WeComGateway.Automation;

/// <summary>Folds one event into a customer's facts. Pure: the input is never changed.</summary>
public static class CustomerFactsUpdater
{
    /// <summary>Categories beyond this many are not recorded (keeps the stored facts bounded).</summary>
    public const int MaxPurchasedCategories = 256;

    /// <summary>The prefix under which an order id is remembered in <see cref="CustomerFacts.RecentEventKeys"/>.</summary>
    public const string OrderKeyPrefix = "order:";

    /// <summary>
    /// The facts after <paramref name="e"/>, or null when the event must not be applied: its key was applied before,
    /// its order was counted before, or it is a membership change older than the one applied.
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>contact_added / contact_half_added: <see cref="CustomerFacts.Channel"/> is the first non-empty state,
    /// <see cref="CustomerFacts.AddedAt"/> the earliest add; the employee joins the follow users; the customer is no
    /// longer lost.</item>
    /// <item>contact_deleted_by_employee / contact_deleted_by_customer: the employee leaves the follow users. Only the
    /// customer's own delete of the <b>last</b> follower marks the customer lost: a customer still following another
    /// employee is not lost, and an employee deleting a customer is a housekeeping act, not a churn signal. (A customer
    /// added before the gateway was installed may have followers the facts never saw; the worker should backfill
    /// them.)</item>
    /// <item>group_member_joined / group_member_left: the chat joins / leaves <see cref="CustomerFacts.GroupChats"/>.</item>
    /// <item>purchase_recorded: count + 1, total + amount (a negative amount adds nothing: refunds are not
    /// purchases), latest purchase time, categories unioned.</item>
    /// <item>membership_changed: status, level and change time.</item>
    /// <item>scheduled: nothing changes and the event is never "already applied": the same facts come back.</item>
    /// </list>
    /// </remarks>
    public static CustomerFacts? Apply(CustomerFacts facts, AutomationEvent e)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(e);
        if (!string.Equals(facts.CorpId, e.CorpId, StringComparison.Ordinal) ||
            !string.Equals(facts.ExternalUserId, e.ExternalUserId, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Event {e.EventKey} is for customer {e.ExternalUserId} of corp {e.CorpId}, the facts are of {facts.ExternalUserId} of {facts.CorpId}",
                nameof(e));
        }

        if (e.Kind == AutomationEventKind.Scheduled)
        {
            return facts;
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(e.EventKey, nameof(e));
        if (Contains(facts.RecentEventKeys, e.EventKey))
        {
            return null;
        }

        var orderKey = e is { Kind: AutomationEventKind.PurchaseRecorded, OrderId: { Length: > 0 } orderId } ? OrderKeyPrefix + orderId : null;
        if (orderKey is not null && Contains(facts.RecentEventKeys, orderKey))
        {
            return null;
        }

        if (e.Kind == AutomationEventKind.MembershipChanged && facts.MembershipChangedAt is { } applied && e.OccurredAt < applied)
        {
            return null;
        }

        var next = Fold(facts, e);
        return next with { RecentEventKeys = Remember(facts.RecentEventKeys, e.EventKey, orderKey) };
    }

    /// <summary>
    /// The facts with the corp tags WeCom has on the customer right now (<paramref name="weComTags"/>, every follow
    /// user's, by group and name): a tag of <see cref="CustomerFacts.Tags"/> WeCom no longer has was removed by hand
    /// and leaves; every other tag WeCom has becomes <see cref="CustomerFacts.ManualTags"/>. A tag in
    /// <paramref name="inFlight"/> — one the gateway is adding or removing, whose change WeCom may not show yet — keeps
    /// what the facts say of it and is never manual. Pure: the input is never changed.
    /// </summary>
    public static CustomerFacts WithWeComTags(CustomerFacts facts, IReadOnlyCollection<TagRef> weComTags, IReadOnlyCollection<TagRef> inFlight)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(weComTags);
        ArgumentNullException.ThrowIfNull(inFlight);
        var inWeCom = weComTags.ToHashSet();
        var changing = inFlight.ToHashSet();
        var applied = facts.Tags.Where(t => inWeCom.Contains(t) || changing.Contains(t)).ToArray();
        var manual = weComTags.Distinct().Where(t => !changing.Contains(t) && !applied.Contains(t)).ToArray();
        return facts with
        {
            Tags = applied.Length == facts.Tags.Count ? facts.Tags : applied,
            ManualTags = manual.SequenceEqual(facts.ManualTags) ? facts.ManualTags : manual,
        };
    }

    private static CustomerFacts Fold(CustomerFacts facts, AutomationEvent e) => e.Kind switch
    {
        AutomationEventKind.ContactAdded or AutomationEventKind.ContactHalfAdded => facts with
        {
            Channel = string.IsNullOrEmpty(facts.Channel) && !string.IsNullOrEmpty(e.State) ? e.State : facts.Channel,
            AddedAt = facts.AddedAt is { } first && first <= e.OccurredAt ? first : e.OccurredAt,
            FollowUsers = With(facts.FollowUsers, e.UserId),
            Lost = false,
        },
        AutomationEventKind.ContactDeletedByEmployee => facts with { FollowUsers = Without(facts.FollowUsers, e.UserId) },
        AutomationEventKind.ContactDeletedByCustomer => DeletedByCustomer(facts, e),
        AutomationEventKind.GroupMemberJoined => facts with { GroupChats = With(facts.GroupChats, e.ChatId) },
        AutomationEventKind.GroupMemberLeft => facts with { GroupChats = Without(facts.GroupChats, e.ChatId) },
        AutomationEventKind.PurchaseRecorded => facts with
        {
            PurchaseCount = facts.PurchaseCount + 1,
            TotalSpent = facts.TotalSpent + Math.Max(e.Amount ?? 0m, 0m),
            LastPurchaseAt = facts.LastPurchaseAt is { } last && last >= e.OccurredAt ? last : e.OccurredAt,
            PurchasedCategories = Union(facts.PurchasedCategories, e.Categories),
        },
        AutomationEventKind.MembershipChanged => facts with
        {
            Membership = e.MembershipStatus,
            MembershipLevel = e.MembershipLevel,
            MembershipChangedAt = e.OccurredAt,
        },
        _ => facts,
    };

    private static CustomerFacts DeletedByCustomer(CustomerFacts facts, AutomationEvent e)
    {
        var followers = Without(facts.FollowUsers, e.UserId);
        return facts with { FollowUsers = followers, Lost = followers.Count == 0 || facts.Lost };
    }

    private static bool Contains(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static IReadOnlyList<string> With(IReadOnlyList<string> list, string? value) =>
        string.IsNullOrEmpty(value) || Contains(list, value) ? list : [.. list, value];

    private static IReadOnlyList<string> Without(IReadOnlyList<string> list, string? value) =>
        string.IsNullOrEmpty(value) || !Contains(list, value)
            ? list
            : list.Where(item => !string.Equals(item, value, StringComparison.Ordinal)).ToArray();

    private static IReadOnlyList<string> Union(IReadOnlyList<string> list, IReadOnlyList<string> more)
    {
        List<string>? union = null;
        foreach (var item in more)
        {
            if (string.IsNullOrWhiteSpace(item) || Contains(union ?? list, item) || (union?.Count ?? list.Count) >= MaxPurchasedCategories)
            {
                continue;
            }

            union ??= [.. list];
            union.Add(item);
        }

        return union is null ? list : union.ToArray();
    }

    private static string[] Remember(IReadOnlyList<string> keys, string eventKey, string? orderKey)
    {
        string[] added = orderKey is null || string.Equals(orderKey, eventKey, StringComparison.Ordinal) ? [eventKey] : new[] { eventKey, orderKey };
        var keep = Math.Min(keys.Count, CustomerFacts.RecentEventKeyLimit - added.Length);
        var result = new string[keep + added.Length];
        for (var i = 0; i < keep; i++)
        {
            result[i] = keys[keys.Count - keep + i];
        }

        added.CopyTo(result, keep);
        return result;
    }
}
