using WeComGateway.Admin;
using WeComGateway.Automation;
using WeComGateway.Workers.Customers;

namespace WeComGateway.Workers.Campaigns;

/// <summary>The admin API's view of campaigns through the workers' planning: the same audience walk that sends them.</summary>
internal sealed class CampaignManager(CampaignAudiences audiences, RuleSetProvider ruleSets) : ICampaignManager
{
    public async Task<CampaignPreview> PreviewAsync(string corpId, CampaignDefinition definition, int samples, CancellationToken cancellationToken)
    {
        var planned = await audiences.PlanAsync(corpId, definition, cancellationToken);
        var plan = planned.Plan;
        var senders = plan.Tasks.GroupBy(t => t.Sender, StringComparer.Ordinal)
            .Select(g => new CampaignSenderPreview(g.Key, g.Sum(t => t.ExternalUserIds.Count), g.Count()))
            .OrderByDescending(s => s.Customers).ThenBy(s => s.UserId, StringComparer.Ordinal)
            .ToList();
        var shown = planned.Reached.Take(samples)
            .Select(r => new CampaignSample(r.Facts.ExternalUserId, r.Facts.Name, r.Sender, CampaignAudiences.MessageOf(plan, r.Variant).Text))
            .ToList();
        return new CampaignPreview(plan.Month, plan.Audience, planned.Skipped, planned.Reached.Count, plan.Tasks.Count, senders, shown);
    }

    public async Task<TimeZoneInfo> TimeZoneAsync(string corpId, CancellationToken cancellationToken) =>
        (await ruleSets.GetAsync(corpId, cancellationToken)).TimeZone;
}
