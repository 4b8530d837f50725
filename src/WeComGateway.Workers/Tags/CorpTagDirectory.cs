using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeComGateway.Automation;
using WeComGateway.Storage.Customers;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Tokens;
using WeComGateway.Workers.Customers;

namespace WeComGateway.Workers.Tags;

/// <summary>
/// Tag group + name → WeCom tag id, through a cached copy of get_corp_tag_list (Redis, dropped on
/// change_external_tag). A tag the rules add that WeCom does not have yet is created with add_corp_tag, into its group
/// (the group too when it is new); a tag another worker created first is found, not an error.
/// </summary>
internal sealed partial class CorpTagDirectory(
    IWeComExternalContactApi api,
    ICorpTagCache cache,
    IOptions<AutomationOptions> options,
    ILogger<CorpTagDirectory> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Ids of the tags to add (created when missing) and of the tags to remove (skipped when WeCom has none).</summary>
    public async Task<(IReadOnlyList<string> Add, IReadOnlyList<string> Remove)> ResolveAsync(
        string suiteId, string corpId, IReadOnlyList<TagRef> add, IReadOnlyList<TagRef> remove, CancellationToken cancellationToken)
    {
        var token = TokenKey.Corp(suiteId, corpId);
        var snapshot = await CachedAsync(corpId, cancellationToken) ?? await RefreshAsync(token, corpId, cancellationToken);
        var wanted = add.Concat(remove).ToList();
        if (wanted.Any(t => snapshot.Find(t) is null) && !snapshot.Fresh)
        {
            snapshot = await RefreshAsync(token, corpId, cancellationToken);
        }

        var missing = add.Where(t => snapshot.Find(t) is null).ToList();
        if (missing.Count > 0)
        {
            snapshot = await CreateAsync(token, corpId, snapshot, missing, cancellationToken);
        }

        var addIds = add.Select(t => snapshot.Find(t) ?? throw new InvalidOperationException($"Tag {t.Group}/{t.Name} of corp {corpId} is still missing after add_corp_tag")).ToList();
        var removeIds = remove.Select(snapshot.Find).OfType<string>().ToList();
        return (addIds, removeIds);
    }

    public Task InvalidateAsync(string corpId, CancellationToken cancellationToken) => cache.InvalidateAsync(corpId, cancellationToken);

    private async Task<Snapshot> CreateAsync(TokenKey token, string corpId, Snapshot snapshot, List<TagRef> missing, CancellationToken cancellationToken)
    {
        foreach (var group in missing.GroupBy(t => t.Group, StringComparer.Ordinal))
        {
            var request = new AddCorpTagRequest(group.Select(t => new NewCorpTag(t.Name)).ToList())
            {
                GroupId = snapshot.GroupId(group.Key),
                GroupName = snapshot.GroupId(group.Key) is null ? group.Key : null,
            };
            try
            {
                await api.AddCorpTagAsync(request, token, cancellationToken);
                LogCreated(corpId, group.Key, string.Join(", ", group.Select(t => t.Name)));
            }
            catch (WeComApiException ex) when (ex.Kind == WeComErrorKind.Permanent)
            {
                // Typically "tag name exists" (40071): another worker, or an operator, created it meanwhile.
                LogCreateRefused(corpId, group.Key, ex.ErrCode);
            }
        }

        // Read back rather than trusting the add answer: it also picks up what a concurrent creator made.
        return await RefreshAsync(token, corpId, cancellationToken);
    }

    private async Task<Snapshot?> CachedAsync(string corpId, CancellationToken cancellationToken)
    {
        var json = await cache.GetAsync(corpId, cancellationToken);
        return json is null ? null : new Snapshot(JsonSerializer.Deserialize<List<CachedGroup>>(json, Json) ?? [], Fresh: false);
    }

    private async Task<Snapshot> RefreshAsync(TokenKey token, string corpId, CancellationToken cancellationToken)
    {
        var list = await api.GetCorpTagListAsync(new CorpTagListRequest(), token, cancellationToken);
        var groups = list.TagGroups
            .Where(g => !g.Deleted && g.GroupName is not null)
            .Select(g => new CachedGroup(g.GroupId, g.GroupName!, g.Tags.Where(t => !t.Deleted && t.Name is not null).Select(t => new CachedTag(t.Id, t.Name!)).ToList()))
            .ToList();
        await cache.SetAsync(corpId, JsonSerializer.Serialize(groups, Json), options.Value.TagCacheLifetime, cancellationToken);
        return new Snapshot(groups, Fresh: true);
    }

    internal sealed record CachedGroup(string Id, string Name, List<CachedTag> Tags);

    internal sealed record CachedTag(string Id, string Name);

    private sealed class Snapshot(List<CachedGroup> groups, bool Fresh)
    {
        private readonly Dictionary<string, CachedGroup> _groups = groups
            .GroupBy(g => g.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        public bool Fresh { get; } = Fresh;

        public string? GroupId(string name) => _groups.GetValueOrDefault(name)?.Id;

        public string? Find(TagRef tag) =>
            _groups.GetValueOrDefault(tag.Group)?.Tags.FirstOrDefault(t => string.Equals(t.Name, tag.Name, StringComparison.Ordinal))?.Id;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId}: created tags [{Tags}] in group {Group}")]
    private partial void LogCreated(string corpId, string group, string tags);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId}: add_corp_tag for group {Group} answered {ErrCode}; re-reading the tag list")]
    private partial void LogCreateRefused(string corpId, string group, int errCode);
}
