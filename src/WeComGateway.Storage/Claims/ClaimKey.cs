using WeComGateway.Storage.Redis;

namespace WeComGateway.Storage.Claims;

/// <summary>
/// What a claim is on: its key (the Redis key, also the in-memory key) and the value that marks it final. Built only
/// by the factories below, so a credential never becomes part of a key.
/// </summary>
public sealed record ClaimKey
{
    private ClaimKey(string key, string finalValue, string? corpId = null)
    {
        Key = key;
        FinalValue = finalValue;
        CorpId = corpId;
    }

    internal string Key { get; }

    /// <summary>The corp whose key this is (a welcome claim), or <c>null</c> for a claim outside every corp.</summary>
    internal string? CorpId { get; }

    internal string FinalValue { get; }

    /// <summary>A callback, by the SHA-256 of its decrypted message: claimed before publishing, final once durable.</summary>
    public static ClaimKey Callback(string dedupeKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(dedupeKey);
        return new(RedisKeys.Dedupe(dedupeKey).ToString(), "done");
    }

    /// <summary>A single-use welcome code, by its fingerprint (the code is a credential): final once the welcome went out.</summary>
    public static ClaimKey WelcomeCode(string corpId, string welcomeCode) =>
        new(RedisKeys.WelcomeClaim(corpId, welcomeCode).ToString(), "sent", corpId);

    /// <summary>
    /// A deletion alert of one customer on one corp-local day (<c>yyyyMMdd</c>): final once the notice went out, so a
    /// customer who deletes several employees, or whose event is redelivered, alerts once a day.
    /// </summary>
    public static ClaimKey DeletionAlert(string corpId, string externalUserId, string day) =>
        new($"{RedisKeys.CorpPrefix(corpId)}alert:deleted:{Customers.ExternalUserIds.Validate(externalUserId)}:{Leads.LeadIds.ValidateDay(day)}", "sent", corpId);

    /// <summary>The reminder of one assignment of a lead (lead id, attempt): final once message/send took it.</summary>
    public static ClaimKey LeadReminder(string corpId, string leadId, int attempt) =>
        new($"{RedisKeys.CorpPrefix(corpId)}lead-reminder:{Leads.LeadIds.Validate(leadId)}:{attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)}", "sent", corpId);
    /// <summary>One corp's day of channel statistics being reconciled against WeCom: final once reconciled.</summary>
    public static ClaimKey ChannelReconciliation(string corpId, DateOnly day) =>
        new(RedisKeys.ChannelReconciliationClaim(corpId, day).ToString(), "reconciled", corpId);

    /// <summary>
    /// One WeCom task of a campaign (its plan's task key): held while add_msg_template is called and the task recorded,
    /// final once recorded, so a redelivered schedule or a second replica never creates the task again.
    /// </summary>
    public static ClaimKey CampaignTask(string corpId, string campaignId, string taskKey) =>
        new($"{RedisKeys.Campaign(corpId, campaignId)}:claim:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(taskKey)))[..16]}", "created", corpId);
    /// <summary>
    /// One upload of a media source for the corp (<paramref name="field"/> from <c>MediaCacheField.Of</c>): held while
    /// one replica uploads, so the others wait for its media id instead of uploading the same file; released, never
    /// final, once the id is cached (the next refresh claims it again).
    /// </summary>
    public static ClaimKey MediaUpload(string corpId, string field) =>
        new($"{RedisKeys.CorpPrefix(corpId)}media-upload:{Media.MediaCacheField.Validate(field)}", "uploaded", corpId);
    /// <summary>
    /// The WeCom task of one moment (add_moment_task, which WeCom does not deduplicate): final once its job id is
    /// stored or WeCom refused it, so a redelivered request or a second replica never creates a second task.
    /// </summary>
    public static ClaimKey MomentTask(string corpId, string momentId) =>
        new($"{RedisKeys.CorpPrefix(corpId)}moment-task:{Moments.MomentIds.Validate(momentId)}", "created", corpId);

    public override string ToString() => Key;
}
