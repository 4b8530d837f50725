using System.Text.Json;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace WeComGateway.IntegrationTests.Tokens;

/// <summary>WireMock as WeCom's token APIs: each answer is a new token (<c>suite-token-1</c>, <c>corp-token-1</c>, …).</summary>
internal sealed class FakeWeCom : IDisposable
{
    public const string SuiteTokenPath = "/cgi-bin/service/get_suite_token";
    public const string CorpTokenPath = "/cgi-bin/service/get_corp_token";

    private readonly WireMockServer _server = WireMockServer.Start();
    private int _suiteTokens;
    private int _corpTokens;

    public FakeWeCom(TimeSpan? latency = null)
    {
        var delay = latency ?? TimeSpan.FromMilliseconds(1);
        _server.Given(Request.Create().WithPath(SuiteTokenPath).UsingPost()).AtPriority(10)
            .RespondWith(Response.Create().WithDelay(delay).WithCallback(_ =>
                Json(new { suite_access_token = $"suite-token-{Interlocked.Increment(ref _suiteTokens)}", expires_in = 7200 })));
        _server.Given(Request.Create().WithPath(CorpTokenPath).UsingPost()).AtPriority(10)
            .RespondWith(Response.Create().WithDelay(delay).WithCallback(_ =>
                Json(new { access_token = $"corp-token-{Interlocked.Increment(ref _corpTokens)}", expires_in = 7200 })));
    }

    public Uri Url => new(_server.Url!);

    /// <summary>The server itself, for stubbing the APIs a test calls beyond the token ones.</summary>
    public WireMockServer Server => _server;

    public int SuiteTokenCalls => Calls(SuiteTokenPath);

    public int CorpTokenCalls => Calls(CorpTokenPath);

    public IEnumerable<IRequestMessage> Requests(string path) =>
        _server.LogEntries.Select(e => e.RequestMessage).OfType<IRequestMessage>().Where(r => r.Path == path);

    /// <summary>From now on get_corp_token answers with <paramref name="errCode"/> (HTTP 200, as WeCom does).</summary>
    public void FailCorpTokenWith(int errCode) =>
        _server.Given(Request.Create().WithPath(CorpTokenPath).UsingPost()).AtPriority(1)
            .RespondWith(Response.Create().WithCallback(_ => Json(new { errcode = errCode, errmsg = "invalid permanent_code" })));

    public void Dispose() => _server.Dispose();

    private int Calls(string path) => Requests(path).Count();

    private static ResponseMessage Json(object body) => new()
    {
        StatusCode = 200,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") },
        BodyData = new BodyData { BodyAsString = JsonSerializer.Serialize(body), DetectedBodyType = BodyType.String },
    };
}
