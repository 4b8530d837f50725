using WeComGateway.Automation;
using WeComGateway.WeComApi.ExternalContact;

namespace WeComGateway.Workers.Backfill;

/// <summary>A customer as one member follows them in WeCom, read by the backfill (one batch/get_by_user entry).</summary>
/// <param name="Tags">The corp tags this member put on the customer, by group and name.</param>
internal sealed record ExistingCustomer(
    string ExternalUserId, string? Name, string FollowUser, DateTimeOffset AddedAt, string? Channel, IReadOnlyList<TagRef> Tags)
{
    /// <param name="tagOf">A tag id to its group and name; null for an id the corp's tag list does not have (skipped).</param>
    public static ExistingCustomer From(CustomerOfUser entry, Func<string, TagRef?> tagOf) => new(
        entry.ExternalContact.ExternalUserId,
        string.IsNullOrEmpty(entry.ExternalContact.Name) ? null : entry.ExternalContact.Name,
        entry.FollowInfo.UserId,
        DateTimeOffset.FromUnixTimeSeconds(entry.FollowInfo.CreateTime),
        string.IsNullOrEmpty(entry.FollowInfo.State) ? null : entry.FollowInfo.State,
        [.. entry.FollowInfo.TagIds.Select(tagOf).OfType<TagRef>().Distinct()]);

    /// <summary>
    /// What the gateway knows of the customer with this entry merged in, or null when it knew all of it already. A
    /// customer already known keeps their facts: follow users and tags are unions, the add time the earliest, name and
    /// channel filled in only when missing. No rule runs and nothing is published. Tags employees set before the install
    /// join <see cref="CustomerFacts.ManualTags"/>: rules see them, the gateway never removes them. The lifecycle tag group
    /// stays the gateway's: a stage tag an employee set before the install becomes the customer's stage (and the
    /// gateway's stage tag) when they have none — as a fact, not a stage move — and any other tag of that group is not
    /// taken over.
    /// </summary>
    public CustomerFacts? MergeInto(CustomerFacts facts, RuleSet rules)
    {
        var stage = facts.Stage;
        var tags = facts.Tags.ToList();
        var manual = facts.ManualTags.ToList();
        foreach (var tag in Tags.Where(t => !tags.Contains(t) && !manual.Contains(t)))
        {
            if (!string.Equals(tag.Group, rules.LifecycleTagGroup, StringComparison.Ordinal))
            {
                manual.Add(tag);
                continue;
            }

            stage ??= rules.Stages.FirstOrDefault(s => rules.StageTag(s) == tag);
            if (stage is not null && rules.StageTag(stage) == tag)
            {
                tags.Add(tag);
            }
        }

        var merged = facts with
        {
            Name = facts.Name ?? Name,
            Channel = facts.Channel ?? Channel,
            AddedAt = facts.AddedAt is { } known && known <= AddedAt ? known : AddedAt,
            FollowUsers = facts.FollowUsers.Contains(FollowUser, StringComparer.Ordinal) ? facts.FollowUsers : [.. facts.FollowUsers, FollowUser],
            Tags = tags.Count == facts.Tags.Count ? facts.Tags : tags,
            ManualTags = manual.Count == facts.ManualTags.Count ? facts.ManualTags : manual,
            Stage = stage,
        };
        return merged.Name == facts.Name && merged.Channel == facts.Channel && merged.AddedAt == facts.AddedAt && merged.Stage == facts.Stage
            && ReferenceEquals(merged.FollowUsers, facts.FollowUsers) && ReferenceEquals(merged.Tags, facts.Tags)
            && ReferenceEquals(merged.ManualTags, facts.ManualTags)
            ? null
            : merged;
    }
}
