using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace WeComGateway.WeComApi.Tests.Support;

/// <summary>Canned WireMock answers in WeCom's shape (HTTP 200 with errcode), for the wire-format tests.</summary>
public static class WeComReplies
{
    public const string MarkTag = "/cgi-bin/externalcontact/mark_tag";
    public const string SendWelcome = "/cgi-bin/externalcontact/send_welcome_msg";
    public const string GetContact = "/cgi-bin/externalcontact/get";

    public static IResponseBuilder ErrCode(int errCode, string errMsg = "see errcode") =>
        Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json; charset=UTF-8")
            .WithBody($$"""{"errcode":{{errCode}},"errmsg":"{{errMsg}}"}""");

    public static IResponseBuilder Ok(string extraJson = "") =>
        Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json; charset=UTF-8")
            .WithBody("{\"errcode\":0,\"errmsg\":\"ok\"" + (extraJson.Length == 0 ? string.Empty : "," + extraJson) + "}");

    public static IResponseBuilder Json(string json) =>
        Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(json);

    public static void Always(this WireMockServer server, string path, IResponseBuilder response) =>
        server.Given(Request.Create().WithPath(path)).RespondWith(response);

    /// <summary>Answers <paramref name="first"/> to the first call, then <paramref name="then"/>.</summary>
    public static void FirstThen(this WireMockServer server, string path, IResponseBuilder first, IResponseBuilder then)
    {
        var scenario = "first-then " + path;
        server.Given(Request.Create().WithPath(path)).InScenario(scenario).WillSetStateTo("answered").RespondWith(first);
        server.Given(Request.Create().WithPath(path)).InScenario(scenario).WhenStateIs("answered").RespondWith(then);
    }
}
