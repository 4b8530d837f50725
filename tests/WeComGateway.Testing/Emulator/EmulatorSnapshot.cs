using System.Text.Json.Nodes;

namespace WeComGateway.Testing;

/// <summary>What the emulator's <c>GET /emulator/state</c> answers (its README documents the fields), read by tests.</summary>
public sealed record EmulatorSnapshot(
    DateTimeOffset Now,
    IReadOnlyList<EmulatorCorp> Corps,
    IReadOnlyList<EmulatorCustomer> Customers,
    IReadOnlyList<EmulatorTagGroup> Tags,
    IReadOnlyList<EmulatorWelcome> Welcomes,
    IReadOnlyList<EmulatorContactWay> ContactWays,
    IReadOnlyList<EmulatorFailure> Failures,
    IReadOnlyList<EmulatorCall> Calls);

public sealed record EmulatorCorp(string Corpid, string CorpName, DateTimeOffset? TokenIssuedAt, DateTimeOffset? TokenExpiresAt);

public sealed record EmulatorCustomer(string Corpid, string ExternalUserid, string Name, IReadOnlyList<EmulatorFollow> FollowUsers);

public sealed record EmulatorFollow(string Userid, string? Remark, string? Description, DateTimeOffset AddedAt, IReadOnlyList<EmulatorTag> Tags);

public sealed record EmulatorTag(string TagId, string TagName, string GroupName);

public sealed record EmulatorTagGroup(string Corpid, string GroupId, string GroupName, IReadOnlyList<EmulatorTag> Tags);

public sealed record EmulatorWelcome(string Corpid, string WelcomeCode, string? Text, JsonArray Attachments, DateTimeOffset SentAt);

public sealed record EmulatorContactWay(string Corpid, string ConfigId, string? State, string? Remark, DateTimeOffset CreatedAt);

/// <summary>A planned failure; <see cref="Remaining"/> null means every call until cleared.</summary>
public sealed record EmulatorFailure(string Path, int Errcode, int? HttpStatus, long DelayMs, string? Corpid, int? Remaining);

/// <summary>
/// One call as the emulator recorded it when it arrived: the corp and suite it was made for, its query without token
/// parameters, its body with secret fields masked, and its answer (<see cref="Errcode"/>, or a non-200 <see cref="Status"/>).
/// </summary>
public sealed record EmulatorCall(
    DateTimeOffset At,
    string Method,
    string Path,
    string? CorpId,
    string? SuiteId,
    IReadOnlyDictionary<string, string> Query,
    string Body,
    int Errcode,
    int Status);

/// <summary>
/// A body for <c>POST /emulator/fail</c>: the next <see cref="Times"/> calls of <see cref="Path"/> (every one while
/// <see cref="Always"/>), of one corp when <see cref="Corpid"/> is set, answer <see cref="Errcode"/> (with
/// <see cref="Errmsg"/>) or <see cref="HttpStatus"/>, and/or only after <see cref="DelayMs"/>.
/// </summary>
public sealed record EmulatorFailurePlan(
    string Path,
    int Errcode = 0,
    int Times = 1,
    bool Always = false,
    string? Errmsg = null,
    int? HttpStatus = null,
    int DelayMs = 0,
    string? Corpid = null);

/// <summary>An application message as <c>/emulator/messages</c> lists it: addressed to <see cref="Touser"/>, received by <see cref="DeliveredTo"/>.</summary>
public sealed record EmulatorAppMessage(
    string Corpid, string Msgid, DateTimeOffset SentAt, IReadOnlyList<string> Touser, IReadOnlyList<string> DeliveredTo,
    string Title, string Description, string Url, string Btntxt);

/// <summary>A mass message as <c>/emulator/groupmsg</c> lists it: each member's part and each customer's status.</summary>
public sealed record EmulatorGroupMessage(
    string Corpid, string Msgid, DateTimeOffset CreatedAt, string Creator, string? Text, JsonArray Attachments,
    bool Cancelled, int Reminders, IReadOnlyList<EmulatorGroupMessageMember> Members);

/// <summary>One member's part: <see cref="Status"/> 0 not sent, 2 sent.</summary>
public sealed record EmulatorGroupMessageMember(string Userid, int Status, DateTimeOffset? SendTime, IReadOnlyList<EmulatorGroupMessageCustomer> Customers);

/// <summary>One customer: <see cref="Status"/> 0 not sent, 1 sent, 2 not a friend, 3 over the monthly limit.</summary>
public sealed record EmulatorGroupMessageCustomer(string ExternalUserid, int Status, DateTimeOffset? SendTime);
