using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WeComGateway.Configuration;
using WeComGateway.Emulator.Api;
using WeComGateway.Emulator.Page;
using WeComGateway.Emulator.State;

namespace WeComGateway.Emulator;

/// <summary>Registers and maps the WeCom emulator; usable in its own host or inside another one.</summary>
internal static class EmulatorEndpoints
{
    private static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly IReadOnlyList<ApiSpec> Apis = [.. ServiceApis.All, .. ExternalContactApis.All, .. MessageApis.All, .. MediaApis.All, .. GroupMessageApis.All];

    /// <summary>
    /// Adds the singleton <see cref="EmulatorState"/>, <see cref="EmulatorOptions"/> bound from <c>Emulator</c>, and
    /// <see cref="TimeProvider.System"/> unless a <see cref="TimeProvider"/> is already registered.
    /// </summary>
    public static IServiceCollection AddWeComEmulator(this IServiceCollection services)
    {
        services.AddValidatedOptions<EmulatorOptions>(EmulatorOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EmulatorState>();
        return services;
    }

    /// <summary>
    /// Maps the emulated <c>/cgi-bin/…</c> APIs, the page at <c>{prefix}/</c>, and under <c>{prefix}/emulator/</c> the
    /// state, reset, planned failures (<c>fail</c>, <c>release</c>) and the steering of <see cref="EmulatorSteering"/>.
    /// <paramref name="prefix"/> is "" or starts with "/".
    /// </summary>
    public static IEndpointRouteBuilder MapWeComEmulator(this IEndpointRouteBuilder app, string prefix = "")
    {
        var root = prefix.TrimEnd('/');
        var group = app.MapGroup(root);

        foreach (var api in Apis)
        {
            var handler = (HttpContext http, EmulatorState state) => DispatchAsync(api, http, state);
            if (api.IsGet)
            {
                group.MapGet(api.Path, handler);
            }
            else
            {
                group.MapPost(api.Path, handler);
            }
        }

        group.MapGet("/", (EmulatorState state) => Page(state, root));
        group.MapGet("/emulator/state", (EmulatorState state) => TypedResults.Json(state.Read(StateSnapshot.Of), StateJson));
        group.MapGet("/emulator/messages", (EmulatorState state) => TypedResults.Json(state.Read(AppMessageView.Of), StateJson));
        group.MapGet("/emulator/media", (EmulatorState state) => TypedResults.Json(state.Read(MediaView.Of), StateJson));
        group.MapGet("/emulator/groupmsg", (EmulatorState state) => TypedResults.Json(state.Read(GroupMessageView.Of), StateJson));
        group.MapGet("/emulator/moments", (EmulatorState state) => TypedResults.Json(state.Read(MomentTaskView.Of), StateJson));
        group.MapPost("/emulator/reset", (EmulatorState state) =>
        {
            state.Reset();
            return TypedResults.NoContent();
        });
        group.MapPost("/emulator/fail", Fail);
        group.MapDelete("/emulator/fail", ClearFailures);
        group.MapPost("/emulator/release", (EmulatorState state) =>
        {
            state.Release();
            return TypedResults.NoContent();
        });
        EmulatorSteering.Map(group);
        return app;
    }

    internal static JsonHttpResult<JsonObject> Answer(JsonObject body) => TypedResults.Json(body, StateJson);

    private static async Task<IResult> DispatchAsync(ApiSpec api, HttpContext http, EmulatorState state)
    {
        JsonObject body;
        try
        {
            body = api.IsUpload ? await MediaApis.ReadFormAsync(http.Request, http.RequestAborted) : await ReadJsonAsync(http.Request);
        }
        catch (JsonException)
        {
            // Still logged, so the page shows the bad call.
            api = api with { Token = TokenKind.None, Handle = static (_, _) => Json.Error(47001, "data format error") };
            body = [];
        }

        var answer = state.Invoke(api, http.Request.Method, body, http.Request.Query);
        if (answer.Delay > TimeSpan.Zero)
        {
            await state.DelayAsync(answer.Delay, http.RequestAborted);
            if (http.RequestAborted.IsCancellationRequested)
            {
                return TypedResults.Empty; // the caller gave up; WeCom has acted all the same
            }
        }

        return answer.Status == StatusCodes.Status200OK
            ? Answer(answer.Body)
            : TypedResults.Content($"<html><body>{answer.Status} emulated gateway error</body></html>", "text/html", statusCode: answer.Status);
    }

    private static async Task<JsonObject> ReadJsonAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        return string.IsNullOrWhiteSpace(text) ? [] : JsonNode.Parse(text) as JsonObject ?? [];
    }

    private static ContentHttpResult Page(EmulatorState state, string root) =>
        TypedResults.Content(StatePage.Render(state.Read(StateSnapshot.Of), root), "text/html; charset=utf-8");

    private static Results<Ok<FailureRequest>, BadRequest<string>> Fail(FailureRequest request, EmulatorState state)
    {
        if (ApiName(request.Path) is not { } name)
        {
            return TypedResults.BadRequest(UnknownApi(request.Path));
        }

        if (request.Errcode == 0 && request.HttpStatus is null && request.DelayMs <= 0)
        {
            return TypedResults.BadRequest("Say what goes wrong: a non-zero errcode, an http_status or a delay_ms.");
        }

        if (request.HttpStatus is { } status && (status is < 400 or > 599 || request.Errcode != 0))
        {
            return TypedResults.BadRequest("http_status must be 4xx or 5xx, and comes without an errcode.");
        }

        if (request.Times < 1 || request.DelayMs is < 0 or > 600_000)
        {
            return TypedResults.BadRequest("times must be at least 1 and delay_ms within 0..600000.");
        }

        state.FailNext(name, new FailurePlan(
            request.Errcode, request.Errmsg, request.HttpStatus, TimeSpan.FromMilliseconds(request.DelayMs), request.Corpid, request.Always ? null : request.Times));
        return TypedResults.Ok(request with { Path = "/cgi-bin/" + name });
    }

    private static Results<NoContent, BadRequest<string>> ClearFailures(string? path, EmulatorState state)
    {
        if (path is null)
        {
            state.ClearFailures(null);
            return TypedResults.NoContent();
        }

        if (ApiName(path) is not { } name)
        {
            return TypedResults.BadRequest(UnknownApi(path));
        }

        state.ClearFailures(name);
        return TypedResults.NoContent();
    }

    /// <summary>The API name (<c>externalcontact/mark_tag</c>) of a path given with or without <c>/cgi-bin/</c>; null when unknown.</summary>
    private static string? ApiName(string? path)
    {
        path ??= string.Empty;
        var at = path.IndexOf("cgi-bin/", StringComparison.Ordinal);
        var name = (at >= 0 ? path[(at + "cgi-bin/".Length)..] : path).Trim('/');
        return Apis.Any(a => a.Name == name) ? name : null;
    }

    private static string UnknownApi(string? path) => $"Unknown API '{path}'. Known: {string.Join(", ", Apis.Select(a => a.Path))}";
}

/// <summary>
/// Body of <c>POST /emulator/fail</c>: the next <see cref="Times"/> calls of <see cref="Path"/> (every call while
/// <see cref="Always"/>, until <c>DELETE /emulator/fail</c>), of <see cref="Corpid"/>'s corp when set, answer
/// <see cref="Errcode"/> (with <see cref="Errmsg"/>, HTTP 200) or <see cref="HttpStatus"/>, and/or only after
/// <see cref="DelayMs"/>. Plans of one API are used in the order they were made.
/// </summary>
internal sealed record FailureRequest(
    string? Path,
    int Errcode = 0,
    int Times = 1,
    bool Always = false,
    string? Errmsg = null,
    [property: JsonPropertyName("http_status")] int? HttpStatus = null,
    [property: JsonPropertyName("delay_ms")] int DelayMs = 0,
    string? Corpid = null);
