using Microsoft.Extensions.Logging;
using WeComGateway.Automation;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Tokens;
using WeComGateway.Workers.Diagnostics;

namespace WeComGateway.Workers.Customers;

/// <summary>
/// Writes a remark rule's result into WeCom. The remark is per (employee, customer): it goes to <b>every</b> employee
/// who follows the customer (externalcontact/get, all pages), each keeping their own text after the separator
/// (<see cref="RemarkEdit"/>). One read gives the customer's name (<c>{name}</c>) and every follow user's current remark
/// and description; externalcontact/remark is called only for a follow user whose text changes, with only the
/// fields that change. A repeat (redelivery) reads again and finds nothing to change.
/// </summary>
internal sealed partial class CustomerRemarkWriter(IWeComExternalContactApi api, WorkerMetrics metrics, ILogger<CustomerRemarkWriter> logger)
{
    private const int MaxPages = 100;

    public async Task WriteAsync(string corpId, string externalUserId, PendingRemark pending, CancellationToken cancellationToken)
    {
        var token = TokenKey.Corp(pending.SuiteId, corpId);
        string? name = null;
        var follows = new List<FollowUser>();
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            ExternalContactResponse answer;
            try
            {
                answer = await api.GetExternalContactAsync(externalUserId, cursor, token, cancellationToken);
            }
            catch (WeComApiException ex) when (ex.ErrCode == WeComErrorCodes.NotExternalContact)
            {
                metrics.RemarkWrite("not_a_contact");
                LogNotAContact(corpId, externalUserId);
                return;
            }

            name ??= answer.ExternalContact?.Name;
            follows.AddRange(answer.FollowUsers);
            if (string.IsNullOrEmpty(answer.NextCursor))
            {
                break;
            }

            cursor = answer.NextCursor;
        }

        var rendered = pending.Intent.Render(name);
        foreach (var follow in follows.DistinctBy(f => f.UserId, StringComparer.Ordinal))
        {
            var remark = RemarkEdit.Next(follow.Remark, rendered.Remark, pending.Intent.Separator, RemarkEdit.MaxRemarkLength);
            var description = RemarkEdit.Next(follow.Description, rendered.Description, pending.Intent.Separator, RemarkEdit.MaxDescriptionLength);
            if (remark is null && description is null)
            {
                metrics.RemarkWrite("unchanged");
                continue;
            }

            await api.RemarkAsync(new RemarkRequest(follow.UserId, externalUserId) { Remark = remark, Description = description }, token, cancellationToken);
            metrics.RemarkWrite("written");
            LogWritten(corpId, externalUserId, follow.UserId, string.Join(',', pending.Intent.RuleIds));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId} customer {ExternalUserId}: remark of {UserId} set by rule {RuleIds}")]
    private partial void LogWritten(string corpId, string externalUserId, string userId, string ruleIds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId} customer {ExternalUserId}: nobody follows the customer any more (84061); no remark written")]
    private partial void LogNotAContact(string corpId, string externalUserId);
}
