using System.Security.Cryptography;
using System.Text;

namespace WeComGateway.Automation;

/// <summary>One customer of a campaign: who sends to them, and which rendering of the text they get (<see cref="CampaignPlanner.VariantOf"/>).</summary>
public sealed record CampaignRecipient(string ExternalUserId, string Sender, string Variant);

/// <summary>
/// One add_msg_template to create: a sender, one rendering of the content, and at most
/// <see cref="CampaignPlanner.MaxCustomersPerTask"/> customers. <see cref="Key"/> names it for good: the same
/// recipients always give the same keys, so a task already created is recognised on redelivery.
/// </summary>
public sealed record CampaignTaskPlan(string Key, string Sender, string Variant, IReadOnlyList<string> ExternalUserIds);

/// <summary>How a campaign is cut into WeCom tasks, and how often its results are read: pure decisions.</summary>
public static class CampaignPlanner
{
    /// <summary>WeCom's limit on <c>external_userid</c> in one add_msg_template ("最多可传入1万个客户").</summary>
    public const int MaxCustomersPerTask = 10_000;

    /// <summary>The variant of a rendered text: 12 hex characters of its SHA-256, or <c>-</c> for no text.</summary>
    public static string VariantOf(string? renderedText) =>
        string.IsNullOrEmpty(renderedText) ? "-" : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(renderedText)))[..12];

    /// <summary>
    /// One task per (sender, variant) and per <paramref name="maxPerTask"/> customers of it, customers in ordinal order;
    /// keys <c>{sender}|{variant}|{n}</c>, tasks ordered by key.
    /// </summary>
    public static IReadOnlyList<CampaignTaskPlan> Tasks(IEnumerable<CampaignRecipient> recipients, int maxPerTask = MaxCustomersPerTask)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPerTask);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPerTask, MaxCustomersPerTask);
        var tasks = new List<CampaignTaskPlan>();
        var groups = recipients
            .DistinctBy(r => r.ExternalUserId, StringComparer.Ordinal)
            .GroupBy(r => (r.Sender, r.Variant))
            .OrderBy(g => g.Key.Sender, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Variant, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var customers = group.Select(r => r.ExternalUserId).Order(StringComparer.Ordinal).ToList();
            var n = 0;
            foreach (var chunk in customers.Chunk(maxPerTask))
            {
                tasks.Add(new CampaignTaskPlan($"{group.Key.Sender}|{group.Key.Variant}|{n++}", group.Key.Sender, group.Key.Variant, chunk));
            }
        }

        return tasks;
    }

    /// <summary>
    /// When to read a campaign's results again after <paramref name="polls"/> reads that found it unfinished:
    /// <paramref name="first"/>, doubling each time, never more than <paramref name="max"/>.
    /// </summary>
    public static TimeSpan NextPoll(int polls, TimeSpan first, TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(polls);
        var factor = Math.Pow(2, Math.Min(polls, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(first.Ticks * factor, max.Ticks));
        return delay < first ? first : delay;
    }

    /// <summary>The month (<c>yyyyMM</c>, in <paramref name="zone"/>) WeCom counts a send at <paramref name="at"/> against.</summary>
    public static string MonthOf(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture);
}
