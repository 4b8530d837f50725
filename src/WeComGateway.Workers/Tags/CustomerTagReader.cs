using WeComGateway.Automation;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.Workers.Tags;

/// <summary>
/// The corp tags WeCom has on one customer, from externalcontact/get: every follow user's <c>tags[]</c> of type 1 (corp
/// tags, the corp's tag library; personal and rule-group tags are not), by group and name, following
/// <c>next_cursor</c> until WeCom has no more follow users to give.
/// </summary>
internal sealed class CustomerTagReader(IWeComExternalContactApi api)
{
    /// <summary>WeCom's <c>type</c> of a corp tag in <c>follow_user[].tags[]</c>.</summary>
    private const int CorpTagType = 1;

    /// <summary>A safety stop: a cursor that never ends is WeCom's bug, not a reason to loop forever.</summary>
    private const int MaxPages = 100;

    /// <summary>The customer's corp tags, distinct, or null when the customer is no longer anyone's contact (84061).</summary>
    public async Task<IReadOnlyList<TagRef>?> ReadAsync(CorpGrant grant, string externalUserId, CancellationToken cancellationToken)
    {
        var tags = new List<TagRef>();
        var seen = new HashSet<TagRef>();
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            ExternalContactResponse answer;
            try
            {
                answer = await api.GetExternalContactAsync(externalUserId, cursor, grant.TokenKey, cancellationToken);
            }
            catch (WeComApiException ex) when (ex.ErrCode == WeComErrorCodes.NotExternalContact)
            {
                return null;
            }

            foreach (var tag in answer.FollowUsers.SelectMany(f => f.Tags))
            {
                if (tag is { Type: CorpTagType, GroupName: { Length: > 0 } group, TagName: { Length: > 0 } name } && seen.Add(new TagRef(group, name)))
                {
                    tags.Add(new TagRef(group, name));
                }
            }

            if (string.IsNullOrEmpty(answer.NextCursor))
            {
                return tags;
            }

            cursor = answer.NextCursor;
        }

        throw new InvalidOperationException($"externalcontact/get kept answering a next_cursor for customer {externalUserId} of corp {grant.CorpId} after {MaxPages} pages");
    }
}
