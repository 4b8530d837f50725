using System.Text.Json.Nodes;
using WeComGateway.Emulator.Api;
using WeComGateway.Emulator.State;

namespace WeComGateway.Emulator;

/// <summary>What <c>/emulator/state</c> answers (snake_case JSON). Never holds a token or secret value.</summary>
internal sealed record StateSnapshot(
    DateTimeOffset Now,
    IReadOnlyList<CorpView> Corps,
    IReadOnlyList<CustomerView> Customers,
    IReadOnlyList<TagGroupView> Tags,
    IReadOnlyList<WelcomeView> Welcomes,
    IReadOnlyList<ContactWayView> ContactWays,
    IReadOnlyList<FailureView> Failures,
    IReadOnlyList<CallRecord> Calls)
{
    internal static StateSnapshot Of(EmulatorState state)
    {
        var corps = state.Corps.Values.OrderBy(c => c.CorpId, StringComparer.Ordinal).ToList();
        var tokens = state.Tokens.Current(TokenKind.Corp) // a corp's newest token, of whichever suite
            .GroupBy(t => t.Owner, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(t => t.IssuedAt)!, StringComparer.Ordinal);
        return new StateSnapshot(
            state.Time.GetUtcNow(),
            [.. corps.Select(c => new CorpView(c.CorpId, c.CorpName, tokens.GetValueOrDefault(c.CorpId)?.IssuedAt, tokens.GetValueOrDefault(c.CorpId)?.ExpiresAt))],
            [.. corps.SelectMany(c => c.Customers.Values.Select(cu => new CustomerView(
                c.CorpId,
                cu.ExternalUserId,
                cu.Name,
                [.. cu.Follows.Values.Select(f => new FollowView(
                    f.UserId,
                    f.Remark,
                    f.Description,
                    f.Since,
                    [.. f.TagIds.Select(c.FindTag).OfType<(TagGroup Group, Tag Tag)>().Select(x => new TagView(x.Tag.Id, x.Tag.Name, x.Group.Name))]))])))],
            [.. corps.SelectMany(c => c.Groups.Select(g => new TagGroupView(c.CorpId, g.Id, g.Name, [.. g.Tags.Select(t => new TagView(t.Id, t.Name, g.Name))])))],
            [.. corps.SelectMany(c => c.WelcomesByCode.Values.Select(w => new WelcomeView(c.CorpId, w.Code, w.Text, w.Attachments, w.At))).OrderByDescending(w => w.SentAt)],
            [.. corps.SelectMany(c => c.ContactWays.Values.Select(w => new ContactWayView(c.CorpId, w.ConfigId, w.Config.Str("state"), w.Config.Str("remark"), w.CreatedAt)))],
            [.. state.Failures.Select(f => new FailureView(
                "/cgi-bin/" + f.Api, f.Plan.Errcode, f.Plan.HttpStatus, (long)f.Plan.Delay.TotalMilliseconds, f.Plan.CorpId, f.Plan.Remaining))],
            [.. state.Calls.All.Reverse()]);
    }
}

internal sealed record CorpView(string Corpid, string CorpName, DateTimeOffset? TokenIssuedAt, DateTimeOffset? TokenExpiresAt);

internal sealed record CustomerView(string Corpid, string ExternalUserid, string Name, IReadOnlyList<FollowView> FollowUsers);

internal sealed record FollowView(string Userid, string? Remark, string? Description, DateTimeOffset AddedAt, IReadOnlyList<TagView> Tags);

internal sealed record TagView(string TagId, string TagName, string GroupName);

internal sealed record TagGroupView(string Corpid, string GroupId, string GroupName, IReadOnlyList<TagView> Tags);

internal sealed record WelcomeView(string Corpid, string WelcomeCode, string? Text, JsonArray Attachments, DateTimeOffset SentAt);

/// <summary>What <c>/emulator/messages</c> answers: every application message, newest first.</summary>
internal sealed record AppMessageView(
    string Corpid, string Msgid, DateTimeOffset SentAt, IReadOnlyList<string> Touser, IReadOnlyList<string> DeliveredTo,
    string Title, string Description, string Url, string Btntxt)
{
    internal static IReadOnlyList<AppMessageView> Of(EmulatorState state) =>
        [.. state.Corps.Values
            .SelectMany(c => c.Messages.AsEnumerable().Reverse().Select(m => new AppMessageView(c.CorpId, m.MsgId, m.SentAt, m.ToUser, m.DeliveredTo, m.Title, m.Description, m.Url, m.ButtonText)))
            .OrderByDescending(m => m.SentAt)];
}

internal sealed record ContactWayView(string Corpid, string ConfigId, string? State, string? Remark, DateTimeOffset CreatedAt);

/// <summary>A planned failure; <see cref="Remaining"/> null means every call until cleared.</summary>
internal sealed record FailureView(string Path, int Errcode, int? HttpStatus, long DelayMs, string? Corpid, int? Remaining);

/// <summary>
/// One call as recorded when it arrived: the corp and suite it was made for (from its token, or the body's
/// <c>auth_corpid</c>), its query without token parameters, its body with secret fields masked, and what it was answered
/// (<see cref="Errcode"/> of the JSON answer, or a non-200 <see cref="Status"/>).
/// </summary>
internal sealed record CallRecord(
    DateTimeOffset At,
    string Method,
    string Path,
    string? CorpId,
    string? SuiteId,
    IReadOnlyDictionary<string, string> Query,
    string Body,
    int Errcode,
    int Status);
