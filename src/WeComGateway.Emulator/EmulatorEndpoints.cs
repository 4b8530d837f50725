using System.Text.Json.Nodes;
using System.Text.Json;
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

    private static readonly IReadOnlyList<ApiSpec> Apis = [.. ServiceApis.All, .. ExternalContactApis.All];

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
    /// Maps the emulated <c>/cgi-bin/…</c> APIs, the page at <c>{prefix}/</c>, and <c>{prefix}/emulator/state</c>,
    /// <c>/emulator/reset</c> and <c>/emulator/fail</c>. <paramref name="prefix"/> is "" or starts with "/".
    /// </summary>
    public static IEndpointRouteBuilder MapWeComEmulator(this IEndpointRouteBuilder app, string prefix = "")
    {
        var root = prefix.TrimEnd('/');
        var group = app.MapGroup(root);

        foreach (var api in Apis)
        {
            var handler = (HttpContext http, EmulatorState state) => DispatchAsync(api, http, state);
            if (api.Name == "externalcontact/get")
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
        group.MapPost("/emulator/reset", (EmulatorState state) =>
        {
            state.Reset();
            return TypedResults.NoContent();
        });
        group.MapPost("/emulator/fail", Fail);
        return app;
    }

    private static async Task<JsonHttpResult<JsonObject>> DispatchAsync(ApiSpec api, HttpContext http, EmulatorState state)
    {
        JsonObject body;
        try
        {
            using var reader = new StreamReader(http.Request.Body);
            var text = await reader.ReadToEndAsync(http.RequestAborted);
            body = string.IsNullOrWhiteSpace(text) ? [] : JsonNode.Parse(text) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            // Still logged, so the page shows the bad call.
            api = api with { Token = TokenKind.None, Handle = static (_, _) => Json.Error(47001, "data format error") };
            body = [];
        }

        return TypedResults.Json(state.Invoke(api, http.Request.Method, body, http.Request.Query), StateJson);
    }

    private static ContentHttpResult Page(EmulatorState state, string root) =>
        TypedResults.Content(StatePage.Render(state.Read(StateSnapshot.Of), root), "text/html; charset=utf-8");

    private static Results<Ok<FailureRequest>, BadRequest<string>> Fail(FailureRequest request, EmulatorState state)
    {
        var path = request.Path ?? string.Empty;
        var at = path.IndexOf("cgi-bin/", StringComparison.Ordinal);
        var name = (at >= 0 ? path[(at + "cgi-bin/".Length)..] : path).Trim('/');
        if (!Apis.Any(a => a.Name == name))
        {
            return TypedResults.BadRequest($"Unknown API '{path}'. Known: {string.Join(", ", Apis.Select(a => a.Path))}");
        }

        if (request.Errcode == 0 || request.Times < 1)
        {
            return TypedResults.BadRequest("errcode must be non-zero and times at least 1.");
        }

        state.FailNext(name, request.Errcode, request.Times);
        return TypedResults.Ok(request with { Path = "/cgi-bin/" + name });
    }
}

/// <summary>Body of <c>POST /emulator/fail</c>: the next <see cref="Times"/> calls of <see cref="Path"/> answer <see cref="Errcode"/>.</summary>
internal sealed record FailureRequest(string? Path, int Errcode, int Times = 1);
