namespace WeComGateway.Automation;

/// <summary>
/// Who a campaign (群发) goes to, judged on the gateway's stored customer facts: every filter given must hold (an empty
/// list or a missing date is no filter). Tags count among the tags the gateway applied and those employees set by hand
/// (as <c>hasTag</c> does); a channel matches by state or by its channel's name (as the rules' <c>channel</c> does);
/// <see cref="AddedFrom"/> and <see cref="AddedTo"/> are local days (the corp's time zone), both inclusive. Customers
/// who deleted their last employee, or whom no employee follows, are never in an audience.
/// </summary>
public sealed record CampaignAudience
{
    /// <summary>How many values one filter may list.</summary>
    public const int MaxValues = 100;

    public CampaignTagFilter Tags { get; init; } = new();

    /// <summary>Lifecycle stages; the customer is in one of them.</summary>
    public IReadOnlyList<string> Stages { get; init; } = [];

    /// <summary>Segments the rules put customers in; the customer is in one of them.</summary>
    public IReadOnlyList<string> Segments { get; init; } = [];

    /// <summary>Channel states or channel names; the customer's first channel is one of them.</summary>
    public IReadOnlyList<string> Channels { get; init; } = [];

    /// <summary>Employees (userids); one of them follows the customer, and sends to them.</summary>
    public IReadOnlyList<string> Employees { get; init; } = [];

    public DateOnly? AddedFrom { get; init; }

    public DateOnly? AddedTo { get; init; }

    /// <summary>Every problem of the audience, worded for an operator; empty when it is valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        Check("tags.all", Tags.All.Count, Tags.All.Any(t => !IsTag(t)));
        Check("tags.any", Tags.Any.Count, Tags.Any.Any(t => !IsTag(t)));
        Check("tags.none", Tags.None.Count, Tags.None.Any(t => !IsTag(t)));
        Check("stages", Stages.Count, Stages.Any(string.IsNullOrWhiteSpace));
        Check("segments", Segments.Count, Segments.Any(string.IsNullOrWhiteSpace));
        Check("channels", Channels.Count, Channels.Any(string.IsNullOrWhiteSpace));
        Check("employees", Employees.Count, Employees.Any(string.IsNullOrWhiteSpace));
        if (AddedFrom is { } from && AddedTo is { } to && to < from)
        {
            problems.Add("addedTo is before addedFrom");
        }

        return problems;

        void Check(string name, int count, bool blank)
        {
            if (count > MaxValues)
            {
                problems.Add($"{name} lists more than {MaxValues} values");
            }

            if (blank)
            {
                problems.Add($"{name} has an empty value");
            }
        }

        static bool IsTag(TagRef? tag) =>
            tag is not null && !string.IsNullOrWhiteSpace(tag.Group) && !string.IsNullOrWhiteSpace(tag.Name)
            && tag.Group.Length <= TagRef.MaxLength && tag.Name.Length <= TagRef.MaxLength;
    }
}

/// <summary>Tags a customer must have: <see cref="All"/> of them, at least one of <see cref="Any"/> (when listed), <see cref="None"/> of the last.</summary>
public sealed record CampaignTagFilter
{
    public IReadOnlyList<TagRef> All { get; init; } = [];

    public IReadOnlyList<TagRef> Any { get; init; } = [];

    public IReadOnlyList<TagRef> None { get; init; } = [];
}
