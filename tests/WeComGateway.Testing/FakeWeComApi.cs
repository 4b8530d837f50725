using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace WeComGateway.Testing;

/// <summary>
/// WireMock as the WeCom open APIs the workers call: tokens; get_permanent_code, which authorizes the corp named in
/// the auth code (<c>AUTH-{corpId}</c>); a corp tag list that add_corp_tag really extends; mark_tag; send_welcome_msg;
/// externalcontact/get. Records every call with the moment it arrived. Loopback only.
/// </summary>
public sealed class FakeWeComApi : IDisposable
{
    public const string MarkTag = "/cgi-bin/externalcontact/mark_tag";
    public const string SendWelcome = "/cgi-bin/externalcontact/send_welcome_msg";
    public const string AddCorpTag = "/cgi-bin/externalcontact/add_corp_tag";
    public const string TagList = "/cgi-bin/externalcontact/get_corp_tag_list";
    public const string PermanentCode = "/cgi-bin/service/get_permanent_code";

    private readonly WireMockServer _server;
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly Lock _tagsLock = new();
    private readonly List<(string Id, string Name, List<(string Id, string Name)> Tags)> _groups = [];
    private int _ids;

    public FakeWeComApi(string customerName = "李雷", int? port = null)
    {
        _server = port is { } p ? WireMockServer.Start(p) : WireMockServer.Start();
        Stub("/cgi-bin/service/get_suite_token", _ => new { suite_access_token = "suite-token-fake", expires_in = 7200 });
        Stub("/cgi-bin/service/get_corp_token", _ => new { access_token = "corp-token-fake", expires_in = 7200 });
        Stub(PermanentCode, PermanentCodeFor);
        Stub(TagList, _ => TagListBody());
        Stub(AddCorpTag, AddTags);
        Stub(MarkTag, _ => new { errcode = 0, errmsg = "ok" });
        Stub(SendWelcome, _ => new { errcode = 0, errmsg = "ok" });
        _server.Given(Request.Create().WithPath("/cgi-bin/externalcontact/get").UsingGet())
            .RespondWith(Response.Create().WithCallback(r => Json(new
            {
                errcode = 0,
                errmsg = "ok",
                external_contact = new { external_userid = r.Query?["external_userid"].FirstOrDefault(), name = customerName, type = 1 },
                follow_user = Array.Empty<object>(),
            })));
    }

    public string Url => _server.Url!;

    /// <summary>Every POST with its path, arrival (<see cref="System.Diagnostics.Stopwatch"/> timestamp) and JSON body.</summary>
    public ConcurrentQueue<(string Path, long ArrivedAt, JsonNode? Body)> Calls { get; } = new();

    public IReadOnlyList<JsonNode?> Bodies(string path) => Calls.Where(c => c.Path == path).Select(c => c.Body).ToList();

    /// <summary>The auth code that authorizes <paramref name="corpId"/> through get_permanent_code.</summary>
    public static string AuthCodeFor(string corpId) => "AUTH-" + corpId;

    /// <summary>The id WeCom gave a tag, or null when it has none of that name in that group.</summary>
    public string? TagId(string group, string name)
    {
        lock (_tagsLock)
        {
            return _groups.Where(g => g.Name == group).SelectMany(g => g.Tags).Where(t => t.Name == name).Select(t => t.Id).FirstOrDefault();
        }
    }

    /// <summary>From now on <paramref name="path"/> answers <paramref name="errCode"/> (HTTP 200, as WeCom does) until <see cref="Heal"/>.</summary>
    public void FailWith(string path, int errCode) => _failures[path] = errCode;

    public void Heal(string path) => _failures.TryRemove(path, out _);

    public void Dispose() => _server.Dispose();

    private void Stub(string path, Func<JsonNode?, object> answer) =>
        _server.Given(Request.Create().WithPath(path).UsingPost())
            .RespondWith(Response.Create().WithCallback(r =>
            {
                var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
                var body = r.Body is { Length: > 0 } text ? JsonNode.Parse(text) : null;
                Calls.Enqueue((path, arrived, body));
                return _failures.TryGetValue(path, out var errCode)
                    ? Json(new { errcode = errCode, errmsg = "failing on purpose (FakeWeComApi.FailWith)" })
                    : Json(answer(body));
            }));

    private static object PermanentCodeFor(JsonNode? body)
    {
        var code = (string?)body?["auth_code"] ?? string.Empty;
        var corpId = code.StartsWith("AUTH-", StringComparison.Ordinal) ? code[5..] : "wwunknowncorp";
        return new
        {
            permanent_code = "PERM-" + corpId,
            auth_corp_info = new { corpid = corpId, corp_name = "水果铺 " + corpId },
            auth_info = new { agent = new[] { new { agentid = 1000001, name = "客户助手" } } },
        };
    }

    private object TagListBody()
    {
        lock (_tagsLock)
        {
            return new
            {
                errcode = 0,
                errmsg = "ok",
                tag_group = _groups.Select(g => new { group_id = g.Id, group_name = g.Name, tag = g.Tags.Select(t => new { id = t.Id, name = t.Name }) }).ToList(),
            };
        }
    }

    /// <summary>Into group_id, else into the group named group_name (created when new), like WeCom; a duplicate name is 40071.</summary>
    private object AddTags(JsonNode? body)
    {
        lock (_tagsLock)
        {
            var groupId = (string?)body?["group_id"];
            var groupName = (string?)body?["group_name"];
            var index = _groups.FindIndex(g => g.Id == groupId || (groupId is null && g.Name == groupName));
            if (index < 0)
            {
                _groups.Add(("et-group-" + Interlocked.Increment(ref _ids), groupName ?? "unnamed", []));
                index = _groups.Count - 1;
            }

            var group = _groups[index];
            foreach (var name in body?["tag"]?.AsArray().Select(t => (string?)t?["name"]).OfType<string>() ?? [])
            {
                if (group.Tags.Any(t => t.Name == name))
                {
                    return new { errcode = 40071, errmsg = "tag name exists" };
                }

                group.Tags.Add(("et-tag-" + Interlocked.Increment(ref _ids), name));
            }

            return new { errcode = 0, errmsg = "ok", tag_group = new { group_id = group.Id, group_name = group.Name } };
        }
    }

    private static ResponseMessage Json(object body) => new()
    {
        StatusCode = 200,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") },
        BodyData = new BodyData { BodyAsString = JsonSerializer.Serialize(body), DetectedBodyType = BodyType.String },
    };
}
