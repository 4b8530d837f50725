using System.Text;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace WeComGateway.WeComApi.Tests.Support;

/// <summary>One step of a scripted answer: how long WeCom "thinks", the HTTP status and the body.</summary>
public sealed record ScriptedStep(int Status, string Body, TimeSpan Delay = default)
{
    public static ScriptedStep Ok { get; } = new(200, """{"errcode":0,"errmsg":"ok"}""");

    public static ScriptedStep Slow(TimeSpan delay) => Ok with { Delay = delay };

    public static ScriptedStep Http(int status) => new(status, "<html>bad gateway</html>");
}

/// <summary>
/// Answers the n-th call to a path with <c>script(n)</c>, counting calls as they arrive (a delayed answer is
/// counted before it is sent, so a client that gave up is still seen).
/// </summary>
public sealed class ScriptedReply
{
    private int _calls;

    private ScriptedReply()
    {
    }

    public int Calls => Volatile.Read(ref _calls);

    public static ScriptedReply On(WireMockServer server, string path, Func<int, ScriptedStep> script, Action<IRequestBuilder>? match = null)
    {
        var reply = new ScriptedReply();
        var request = Request.Create().WithPath(path);
        match?.Invoke(request);
        server.Given(request).RespondWith(Response.Create().WithCallback(_ =>
        {
            var step = script(Interlocked.Increment(ref reply._calls));
            if (step.Delay > TimeSpan.Zero)
            {
                Thread.Sleep(step.Delay);
            }

            return new ResponseMessage
            {
                StatusCode = step.Status,
                Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") },
                BodyData = new BodyData { BodyAsString = step.Body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
            };
        }));
        return reply;
    }
}
