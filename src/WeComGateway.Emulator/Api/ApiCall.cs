using System.Text.Json.Nodes;
using WeComGateway.Emulator.State;

namespace WeComGateway.Emulator.Api;

/// <summary>Which token an API wants in its query string.</summary>
internal enum TokenKind
{
    None,
    Provider,
    Suite,
    Corp,
}

/// <summary>One emulated API: its path under <c>/cgi-bin/</c>, the token it needs, and what it does.</summary>
/// <param name="Name">Relative to <c>/cgi-bin/</c>, e.g. <c>externalcontact/mark_tag</c>.</param>
/// <param name="OmitsOkErrcode">get_suite_token and friends leave errcode out on success ("historical reasons").</param>
/// <param name="IsGet">WeCom serves it with GET (parameters in the query string); the others are POSTs with a JSON body.</param>
/// <param name="IsUpload">A multipart/form-data upload: the handler reads the <c>media</c> part as <c>filename</c>, <c>filelength</c>, <c>content_type</c>.</param>
internal sealed record ApiSpec(string Name, TokenKind Token, Func<EmulatorState, ApiCall, JsonObject> Handle, bool OmitsOkErrcode = false, bool IsGet = false, bool IsUpload = false)
{
    public string Path => "/cgi-bin/" + Name;
}

/// <summary>A request as a handler sees it. Handlers run under the state lock.</summary>
internal sealed class ApiCall(JsonObject body, IQueryCollection query, DateTimeOffset now)
{
    public JsonObject Body { get; } = body;

    public IQueryCollection Query { get; } = query;

    public DateTimeOffset Now { get; } = now;

    /// <summary>The corp the call is about: from the corp token, the body's <c>auth_corpid</c>, or set by the handler.</summary>
    public string? CorpId { get; set; }

    /// <summary>The suite that called: the owner of the suite token, or the suite a corp token was fetched for.</summary>
    public string? SuiteId { get; set; }
}
