using System.Collections.Concurrent;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Service;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.Workers.Tests.Customers.Support;

/// <summary>
/// WeCom's customer-contact APIs as the automation workers use them, per corp: a corp tag list that add_corp_tag really
/// extends (into <c>group_id</c>, or the group named <c>group_name</c>, created when new; a duplicate name is 40071),
/// mark_tag that refuses tag ids WeCom does not have (40068), send_welcome_msg, externalcontact/get. Every call is
/// recorded, failed ones too; failures are scripted per API, one per call.
/// </summary>
public sealed class FakeExternalContactApi : IWeComExternalContactApi
{
    public const string Get = "externalcontact/get";
    public const string SendWelcome = "externalcontact/send_welcome_msg";
    public const string MarkTag = "externalcontact/mark_tag";
    public const string TagList = "externalcontact/get_corp_tag_list";
    public const string AddTag = "externalcontact/add_corp_tag";

    private readonly ConcurrentDictionary<string, ConcurrentQueue<Exception>> _failures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Group>> _tagsByCorp = new(StringComparer.Ordinal);
    private readonly Lock _tags = new();
    private int _ids;

    /// <summary>Every call in arrival order: the API, the token it was made with, the request (the external user id for get).</summary>
    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>The WeChat name externalcontact/get answers with.</summary>
    public string CustomerName { get; set; } = "李雷";

    public int CallCount(string api) => Calls.Count(c => c.Api == api);

    /// <summary>Requests of one API, failed calls included.</summary>
    public IReadOnlyList<T> Requests<T>(string api) => [.. Calls.Where(c => c.Api == api).Select(c => (T)c.Request)];

    /// <summary>The next call of <paramref name="api"/> throws <paramref name="failure"/> (queued: one per call).</summary>
    public void FailNext(string api, Exception failure) => _failures.GetOrAdd(api, _ => new ConcurrentQueue<Exception>()).Enqueue(failure);

    /// <summary>The next call of <paramref name="api"/> gets <paramref name="errCode"/>, classified as the real client would.</summary>
    public void FailNext(string api, int errCode, string errMsg, string corpId) => FailNext(api, Error(errCode, errMsg, api, corpId));

    public static WeComApiException Error(int errCode, string errMsg, string api, string? corpId) =>
        WeComApiException.FromErrCode(errCode, errMsg, api, corpId);

    /// <summary>A tag someone created in the WeCom console; returns its id.</summary>
    public string SeedTag(string corpId, string group, string name)
    {
        lock (_tags)
        {
            var groups = GroupsOf(corpId);
            var existing = groups.FirstOrDefault(g => g.Name == group);
            if (existing is null)
            {
                existing = new Group(NewId("etgroup"), group);
                groups.Add(existing);
            }

            var tag = new Tag(NewId("et"), name);
            existing.Tags.Add(tag);
            return tag.Id;
        }
    }

    /// <summary>The id WeCom gave the tag, or null when the corp has no tag of that name in that group.</summary>
    public string? TagId(string corpId, string group, string name)
    {
        lock (_tags)
        {
            return GroupsOf(corpId).Where(g => g.Name == group).SelectMany(g => g.Tags).FirstOrDefault(t => t.Name == name)?.Id;
        }
    }

    public Task<ExternalContactResponse> GetExternalContactAsync(string externalUserId, string? cursor, TokenKey corpToken, CancellationToken cancellationToken = default)
    {
        Record(Get, corpToken, externalUserId);
        return Task.FromResult(new ExternalContactResponse
        {
            ExternalContact = new ExternalContactInfo { ExternalUserId = externalUserId, Name = CustomerName, Type = 1 },
        });
    }

    public Task<WeComResponse> SendWelcomeMessageAsync(SendWelcomeMessageRequest request, TokenKey corpToken, CancellationToken cancellationToken = default)
    {
        Record(SendWelcome, corpToken, request);
        return Ok();
    }

    public Task<WeComResponse> MarkTagAsync(MarkTagRequest request, TokenKey corpToken, CancellationToken cancellationToken = default)
    {
        Record(MarkTag, corpToken, request);
        lock (_tags)
        {
            var known = GroupsOf(CorpOf(corpToken)).SelectMany(g => g.Tags).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
            if ((request.AddTag ?? []).Concat(request.RemoveTag ?? []).Any(id => !known.Contains(id)))
            {
                throw Error(40068, "invalid tagid", MarkTag, corpToken.CorpId);
            }
        }

        return Ok();
    }

    public Task<CorpTagListResponse> GetCorpTagListAsync(CorpTagListRequest request, TokenKey corpToken, CancellationToken cancellationToken = default)
    {
        Record(TagList, corpToken, request);
        lock (_tags)
        {
            return Task.FromResult(new CorpTagListResponse
            {
                TagGroups = [.. GroupsOf(CorpOf(corpToken)).Select(g => g.ToDto())],
            });
        }
    }

    public Task<AddCorpTagResponse> AddCorpTagAsync(AddCorpTagRequest request, TokenKey corpToken, CancellationToken cancellationToken = default)
    {
        Record(AddTag, corpToken, request);
        lock (_tags)
        {
            var groups = GroupsOf(CorpOf(corpToken));
            var group = request.GroupId is { } id
                ? groups.FirstOrDefault(g => g.Id == id) ?? throw Error(40068, "invalid tagid", AddTag, corpToken.CorpId)
                : groups.FirstOrDefault(g => g.Name == request.GroupName);
            if (group is not null && request.Tag.Any(t => group.Tags.Any(existing => existing.Name == t.Name)))
            {
                throw Error(40071, "tag name exists", AddTag, corpToken.CorpId);
            }

            if (group is null)
            {
                group = new Group(NewId("etgroup"), request.GroupName ?? throw Error(40058, "group_name missing", AddTag, corpToken.CorpId));
                groups.Add(group);
            }

            var created = request.Tag.Select(t => new Tag(NewId("et"), t.Name)).ToList();
            group.Tags.AddRange(created);
            return Task.FromResult(new AddCorpTagResponse
            {
                TagGroup = new CorpTagGroup
                {
                    GroupId = group.Id,
                    GroupName = group.Name,
                    Tags = [.. created.Select(t => new CorpTag { Id = t.Id, Name = t.Name })],
                },
            });
        }
    }

    public Task<WeComResponse> RemarkAsync(RemarkRequest request, TokenKey corpToken, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("customer automation never sets remarks");

    public Task<GroupChatResponse> GetGroupChatAsync(GroupChatRequest request, TokenKey corpToken, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("customer automation never reads group chats");

    public Task<AddContactWayResponse> AddContactWayAsync(AddContactWayRequest request, TokenKey corpToken, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("customer automation never creates contact ways");

    public Task<GetContactWayResponse> GetContactWayAsync(ContactWayIdRequest request, TokenKey corpToken, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("customer automation never reads contact ways");

    public Task<WeComResponse> DeleteContactWayAsync(ContactWayIdRequest request, TokenKey corpToken, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("customer automation never deletes contact ways");

    private static Task<WeComResponse> Ok() => Task.FromResult(new WeComResponse { ErrCode = 0, ErrMsg = "ok" });

    private static string CorpOf(TokenKey token) =>
        token is { Kind: TokenKind.Corp, CorpId: { } corpId } ? corpId : throw new InvalidOperationException($"Customer-contact APIs need a corp token, not the {token}");

    private List<Group> GroupsOf(string corpId)
    {
        if (!_tagsByCorp.TryGetValue(corpId, out var groups))
        {
            _tagsByCorp[corpId] = groups = [];
        }

        return groups;
    }

    private string NewId(string prefix) => $"{prefix}{Interlocked.Increment(ref _ids):D6}";

    private void Record(string api, TokenKey token, object request)
    {
        Calls.Enqueue(new Call(api, token, request));
        if (_failures.TryGetValue(api, out var failures) && failures.TryDequeue(out var failure))
        {
            throw failure;
        }
    }

    public sealed record Call(string Api, TokenKey Token, object Request);

    private sealed record Tag(string Id, string Name);

    private sealed record Group(string Id, string Name)
    {
        public List<Tag> Tags { get; } = [];

        public CorpTagGroup ToDto() => new()
        {
            GroupId = Id,
            GroupName = Name,
            Tags = [.. Tags.Select(t => new CorpTag { Id = t.Id, Name = t.Name })],
        };
    }
}
