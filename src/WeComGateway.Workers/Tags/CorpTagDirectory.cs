using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeComGateway.Automation;
using WeComGateway.Storage.Customers;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Tokens;
using WeComGateway.Workers.Customers;
using WeComGateway.Workers.Diagnostics;

namespace WeComGateway.Workers.Tags;

/// <summary>
/// Tag group + name → WeCom tag id, through a cached copy of get_corp_tag_list (Redis, dropped on
/// change_external_tag). A tag the rules add that WeCom does not have yet is created with add_corp_tag, into its group
/// (the group too when it is new); a tag another worker created first is found, not an error. WeCom holds at most
/// 3,000 corp tags per corp: past <see cref="AutomationOptions.MaxCorpTags"/> (counted in the tag list) no tag is
/// created, and a tag WeCom itself refuses to create (a permanent errcode) is not retried: both come back as
/// <see cref="ResolvedTags.NotCreated"/>, logged and counted, instead of failing the event.
/// </summary>
internal sealed partial class CorpTagDirectory(
    IWeComExternalContactApi api,
    ICorpTagCache cache,
    IOptions<AutomationOptions> options,
    WorkerMetrics metrics,
    ILogger<CorpTagDirectory> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Ids of the tags to add (created when missing and allowed) and of the tags to remove (skipped when WeCom has
    /// none), and the tags to add that WeCom does not have and was not given.
    /// </summary>
    public async Task<ResolvedTags> ResolveAsync(
        string suiteId, string corpId, IReadOnlyList<TagRef> add, IReadOnlyList<TagRef> remove, CancellationToken cancellationToken)
    {
        var token = TokenKey.Corp(suiteId, corpId);
        var snapshot = await CachedAsync(corpId, cancellationToken) ?? await RefreshAsync(token, corpId, cancellationToken);
        var wanted = add.Concat(remove).ToList();
        if (wanted.Any(t => snapshot.Find(t) is null) && !snapshot.Fresh)
        {
            snapshot = await RefreshAsync(token, corpId, cancellationToken);
        }

        var missing = add.Where(t => snapshot.Find(t) is null).Distinct().ToList();
        var notCreated = new List<TagRef>();
        if (missing.Count > 0)
        {
            var allowed = WithinCap(corpId, snapshot, missing, notCreated);
            if (allowed.Count > 0)
            {
                (snapshot, var refused) = await CreateAsync(token, corpId, snapshot, allowed, cancellationToken);
                notCreated.AddRange(refused);
            }
        }

        var addIds = add
            .Where(t => !notCreated.Contains(t))
            .Select(t => snapshot.Find(t) ?? throw new InvalidOperationException($"Tag {t.Group}/{t.Name} of corp {corpId} is still missing after add_corp_tag"))
            .Distinct()
            .ToList();
        var removeIds = remove.Select(snapshot.Find).OfType<string>().ToList();
        return new ResolvedTags(addIds, removeIds, notCreated);
    }

    /// <summary>
    /// The ids WeCom has for <paramref name="tags"/>, creating none: the cached list, read again once when a tag is
    /// missing from a cached copy. Tags WeCom does not have are left out of the answer.
    /// </summary>
    public async Task<IReadOnlyDictionary<TagRef, string>> FindAsync(string suiteId, string corpId, IReadOnlyList<TagRef> tags, CancellationToken cancellationToken)
    {
        var token = TokenKey.Corp(suiteId, corpId);
        var snapshot = await CachedAsync(corpId, cancellationToken) ?? await RefreshAsync(token, corpId, cancellationToken);
        if (tags.Any(t => snapshot.Find(t) is null) && !snapshot.Fresh)
        {
            snapshot = await RefreshAsync(token, corpId, cancellationToken);
        }

        return tags.Distinct().Select(t => (Tag: t, Id: snapshot.Find(t))).Where(x => x.Id is not null).ToDictionary(x => x.Tag, x => x.Id!);
    }

    public Task InvalidateAsync(string corpId, CancellationToken cancellationToken) => cache.InvalidateAsync(corpId, cancellationToken);

    /// <summary>The missing tags that fit under the cap; the others go to <paramref name="notCreated"/>, logged and counted.</summary>
    private List<TagRef> WithinCap(string corpId, Snapshot snapshot, List<TagRef> missing, List<TagRef> notCreated)
    {
        var cap = options.Value.MaxCorpTags;
        var room = Math.Max(0, cap - snapshot.TagCount);
        if (missing.Count <= room)
        {
            return missing;
        }

        var refused = missing.Skip(room).ToList();
        notCreated.AddRange(refused);
        metrics.TagsNotCreated("corp_tag_cap", refused.Count);
        LogCapReached(corpId, snapshot.TagCount, cap, string.Join(", ", refused));
        return missing.Take(room).ToList();
    }

    /// <summary>Creates the tags, a call per group; returns the re-read list and the tags of the groups WeCom refused for good.</summary>
    private async Task<(Snapshot Snapshot, List<TagRef> Refused)> CreateAsync(
        TokenKey token, string corpId, Snapshot snapshot, List<TagRef> missing, CancellationToken cancellationToken)
    {
        var refused = new List<TagRef>();
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
                // Typically "tag name exists" (40071): another worker, or an operator, created it meanwhile; the re-read
                // finds it. What the re-read does not find, WeCom refused (a full tag library, a name it does not take).
                LogCreateRefused(corpId, group.Key, ex.ErrCode);
                refused.AddRange(group);
            }
        }

        // Read back rather than trusting the add answer: it also picks up what a concurrent creator made.
        var reread = await RefreshAsync(token, corpId, cancellationToken);
        var stillMissing = refused.Where(t => reread.Find(t) is null).ToList();
        if (stillMissing.Count > 0)
        {
            metrics.TagsNotCreated("wecom_refused", stillMissing.Count);
            LogNotCreated(corpId, reread.TagCount, string.Join(", ", stillMissing));
        }

        return (reread, stillMissing);
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

        /// <summary>How many tags the corp has (what WeCom's 3,000 counts).</summary>
        public int TagCount { get; } = groups.Sum(g => g.Tags.Count);

        public string? GroupId(string name) => _groups.GetValueOrDefault(name)?.Id;

        public string? Find(TagRef tag) =>
            _groups.GetValueOrDefault(tag.Group)?.Tags.FirstOrDefault(t => string.Equals(t.Name, tag.Name, StringComparison.Ordinal))?.Id;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId}: created tags [{Tags}] in group {Group}")]
    private partial void LogCreated(string corpId, string group, string tags);

    [LoggerMessage(Level = LogLevel.Information, Message = "Corp {CorpId}: add_corp_tag for group {Group} answered {ErrCode}; re-reading the tag list")]
    private partial void LogCreateRefused(string corpId, string group, int errCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId}: {Existing} customer tags exist and the cap is {Cap} (Automation:MaxCorpTags; WeCom allows 3,000 per corp): tags [{Tags}] are not created and not applied")]
    private partial void LogCapReached(string corpId, int existing, int cap, string tags);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Corp {CorpId}: WeCom refused to create tags [{Tags}] ({Existing} customer tags exist); they are not applied")]
    private partial void LogNotCreated(string corpId, int existing, string tags);
}

/// <summary>What <see cref="CorpTagDirectory.ResolveAsync"/> found: tag ids for mark_tag, and the tags to add that WeCom was not given.</summary>
internal sealed record ResolvedTags(IReadOnlyList<string> Add, IReadOnlyList<string> Remove, IReadOnlyList<TagRef> NotCreated);
