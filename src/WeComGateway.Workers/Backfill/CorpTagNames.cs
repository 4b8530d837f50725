using WeComGateway.Automation;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.Workers.Backfill;

/// <summary>
/// Tag id → group and name, from get_corp_tag_list read when the backfill starts (batch/get_by_user answers tag ids
/// only) and read again when a page names an id it does not know (a tag created meanwhile). Deleted tags and groups are
/// left out, as the tag directory leaves them out.
/// </summary>
internal sealed class CorpTagNames
{
    private readonly IWeComExternalContactApi _api;
    private readonly TokenKey _token;
    private Dictionary<string, TagRef> _tags = new(StringComparer.Ordinal);

    private CorpTagNames(IWeComExternalContactApi api, TokenKey token)
    {
        _api = api;
        _token = token;
    }

    public static async Task<CorpTagNames> LoadAsync(IWeComExternalContactApi api, TokenKey token, CancellationToken cancellationToken)
    {
        var names = new CorpTagNames(api, token);
        await names.RefreshAsync(cancellationToken);
        return names;
    }

    public TagRef? Find(string tagId) => _tags.GetValueOrDefault(tagId);

    /// <summary>Reads the tag list again when one of <paramref name="tagIds"/> is unknown; true when it did.</summary>
    public async Task<bool> EnsureKnownAsync(IEnumerable<string> tagIds, CancellationToken cancellationToken)
    {
        if (tagIds.All(_tags.ContainsKey))
        {
            return false;
        }

        await RefreshAsync(cancellationToken);
        return true;
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var list = await _api.GetCorpTagListAsync(new CorpTagListRequest(), _token, cancellationToken);
        _tags = list.TagGroups
            .Where(g => !g.Deleted && g.GroupName is not null)
            .SelectMany(g => g.Tags.Where(t => !t.Deleted && t.Name is not null).Select(t => (t.Id, Tag: new TagRef(g.GroupName!, t.Name!))))
            .GroupBy(t => t.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Tag, StringComparer.Ordinal);
    }
}
