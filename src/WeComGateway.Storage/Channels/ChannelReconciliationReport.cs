namespace WeComGateway.Storage.Channels;

/// <summary>One member on one day: the gateway's counts (all channels) next to WeCom's figures.</summary>
public sealed record EmployeeReconciliation(
    DateOnly Day, string UserId, long GatewayAdds, long WeComNewContacts, long GatewayDeletedByCustomer, long WeComNegativeFeedback)
{
    public long AddsDifference => GatewayAdds - WeComNewContacts;

    public long DeletionsDifference => GatewayDeletedByCustomer - WeComNegativeFeedback;
}

/// <summary>The comparison the reconciliation logs and the admin API shows.</summary>
public static class ChannelReconciliationReport
{
    /// <summary>Every member WeCom gave figures for, and every member the gateway counted, that day.</summary>
    public static IEnumerable<EmployeeReconciliation> Compare(DateOnly day, IReadOnlyList<EmployeeBehavior> weCom, ChannelDayStats? ours)
    {
        var users = weCom.Select(w => w.UserId).Concat(ours?.ByEmployee.Keys ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var user in users)
        {
            var theirs = weCom.FirstOrDefault(w => w.UserId == user);
            var mine = ours?.ByEmployee.GetValueOrDefault(user) ?? ChannelCounters.Zero;
            yield return new EmployeeReconciliation(day, user, mine.Adds, theirs?.NewContacts ?? 0, mine.DeletedByCustomer, theirs?.NegativeFeedback ?? 0);
        }
    }
}
