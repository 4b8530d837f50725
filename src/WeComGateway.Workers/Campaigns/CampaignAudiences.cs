using System.Text.Json;
using Microsoft.Extensions.Options;
using WeComGateway.Automation;
using WeComGateway.Storage.Campaigns;
using WeComGateway.Storage.Customers;
using WeComGateway.Workers.Channels;
using WeComGateway.Workers.Customers;

namespace WeComGateway.Workers.Campaigns;

/// <summary>A customer a campaign reaches, the employee who sends to them, and their rendering of the content.</summary>
internal sealed record CampaignReach(CustomerFacts Facts, string Sender, string Variant);

/// <summary>A plan and the customers behind it (the preview shows some of them).</summary>
internal sealed record PlannedAudience(CampaignPlan Plan, IReadOnlyList<CampaignReach> Reached, int Skipped);

/// <summary>
/// Judges a campaign's audience on the stored customer facts: walks the corp's customers a page at a time, keeps those
/// the audience matches and someone can send to, leaves out those the corp's campaigns already reached
/// <see cref="CampaignOptions.MonthlyLimit"/> times this month (the corp's month, in its rule set's time zone), renders the
/// content per customer (placeholders: <c>{customer_name}</c>, <c>{employee_name}</c>, <c>{channel}</c>) and cuts
/// the result into WeCom tasks, one per sender and rendering and at most <see cref="CampaignOptions.CustomersPerTask"/>.
/// </summary>
internal sealed class CampaignAudiences(
    ICustomerFactsStore facts,
    ICampaignStore campaigns,
    IEmployeeNameStore employees,
    RuleSetProvider ruleSets,
    ChannelDirectoryProvider channels,
    IOptions<CampaignOptions> options,
    TimeProvider time)
{
    public async Task<PlannedAudience> PlanAsync(string corpId, CampaignDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var settings = options.Value;
        var zone = (await ruleSets.GetAsync(corpId, cancellationToken)).TimeZone;
        var filter = AudienceFilter.Compile(definition.Audience, zone);
        var directory = await channels.GetAsync(corpId, cancellationToken);
        var now = time.GetUtcNow();
        var month = CampaignPlanner.MonthOf(now, zone);

        var matched = new Dictionary<string, (CustomerFacts Facts, string Sender)>(StringComparer.Ordinal);
        long cursor = 0;
        do
        {
            var page = await facts.ListAsync(corpId, cursor, settings.PageSize, cancellationToken);
            foreach (var stored in page.Customers)
            {
                var customer = CustomerFactsRepository.Deserialize(stored.Facts.Json, stored.Facts.Version).Facts;
                if (filter.Matches(customer, now, directory) && filter.SenderOf(customer) is { } sender)
                {
                    matched[stored.ExternalUserId] = (customer, sender);
                }
            }

            cursor = page.NextCursor;
        }
        while (cursor != 0);

        var counts = await campaigns.MonthlyCountsAsync(corpId, month, [.. matched.Keys], cancellationToken);
        var skipped = matched.Keys.Where(id => counts.GetValueOrDefault(id) >= settings.MonthlyLimit).Order(StringComparer.Ordinal).ToList();
        var names = new Dictionary<string, string?>(StringComparer.Ordinal);
        var messages = new Dictionary<string, string>(StringComparer.Ordinal);
        var reached = new List<CampaignReach>();
        foreach (var (id, (customer, sender)) in matched.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (counts.GetValueOrDefault(id) >= settings.MonthlyLimit)
            {
                continue;
            }

            if (!names.TryGetValue(sender, out var employeeName))
            {
                names[sender] = employeeName = await employees.GetAsync(corpId, sender, cancellationToken);
            }

            var rendered = definition.Content.Render(new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["customer_name"] = customer.Name,
                ["employee_name"] = employeeName,
                ["channel"] = customer.Channel,
            });
            var json = JsonSerializer.Serialize(rendered, CampaignDefinition.JsonOptions);
            var variant = CampaignPlanner.VariantOf(json);
            messages.TryAdd(variant, json);
            reached.Add(new CampaignReach(customer, sender, variant));
        }

        var tasks = CampaignPlanner.Tasks(reached.Select(r => new CampaignRecipient(r.Facts.ExternalUserId, r.Sender, r.Variant)), settings.CustomersPerTask);
        var plan = new CampaignPlan
        {
            Month = month,
            PlannedAt = now,
            Audience = matched.Count,
            SkippedByLimit = skipped,
            Messages = messages,
            Tasks = [.. tasks.Select(t => new CampaignPlannedTask(t.Key, t.Sender, t.Variant, t.ExternalUserIds))],
        };
        return new PlannedAudience(plan, reached, skipped.Count);
    }

    /// <summary>A plan's rendering of the content for <paramref name="variant"/>.</summary>
    public static RenderedWelcome MessageOf(CampaignPlan plan, string variant) =>
        JsonSerializer.Deserialize<RenderedWelcome>(plan.Messages[variant], CampaignDefinition.JsonOptions)
        ?? throw new InvalidDataException($"The plan's message {variant} is empty.");
}
