using WeComGateway.Automation;
using WeComGateway.Storage.Campaigns;

namespace WeComGateway.Admin;

/// <summary>What a campaign would do now: its audience counted, its tasks, and a few customers with their text.</summary>
/// <param name="Month">The corp's month WeCom's limit is counted in (<c>yyyyMM</c>).</param>
/// <param name="Matched">Customers the audience matches (before the monthly limit).</param>
/// <param name="SkippedByLimit">Of those, customers the corp's campaigns reached the monthly number of times.</param>
/// <param name="Recipients">Customers it would go to.</param>
public sealed record CampaignPreview(
    string Month, int Matched, int SkippedByLimit, int Recipients, int Tasks, IReadOnlyList<CampaignSenderPreview> Senders, IReadOnlyList<CampaignSample> Samples);

/// <summary>One sender: their customers in the campaign and the WeCom tasks they get.</summary>
public sealed record CampaignSenderPreview(string UserId, int Customers, int Tasks);

/// <summary>One customer of the audience and the text they would get.</summary>
public sealed record CampaignSample(string ExternalUserId, string? Name, string Sender, string? Text);

/// <summary>
/// Campaign decisions that need the workers' view of the corp (its rule set's time zone, channels, customer facts):
/// implemented by the workers; the admin API validates and answers.
/// </summary>
public interface ICampaignManager
{
    /// <summary>The audience and tasks of <paramref name="definition"/> as if it were sent now (nothing is stored or sent).</summary>
    Task<CampaignPreview> PreviewAsync(string corpId, CampaignDefinition definition, int samples, CancellationToken cancellationToken);

    /// <summary>The corp's time zone (its rule set's): a send time without an offset is read in it.</summary>
    Task<TimeZoneInfo> TimeZoneAsync(string corpId, CancellationToken cancellationToken);
}
