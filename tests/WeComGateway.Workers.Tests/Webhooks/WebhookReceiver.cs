using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WeComGateway.Workers.Tests.Webhooks;

/// <summary>
/// A subscriber's endpoint on 127.0.0.1 (Kestrel, a free port): records every POST with its headers and body and
/// answers the statuses queued with <see cref="Answer"/>, then 200.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _statuses = new();
    private readonly ConcurrentQueue<Received> _received = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public IReadOnlyList<Received> Requests => [.. _received];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            receiver._received.Enqueue(new Received(
                request.Headers["webhook-id"].ToString(), request.Headers["webhook-timestamp"].ToString(), request.Headers["webhook-signature"].ToString(),
                request.ContentType, body));
            return Results.StatusCode(receiver._statuses.TryDequeue(out var status) ? status : 200);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = address + "/hooks";
        return receiver;
    }

    /// <summary>The next requests are answered with these statuses, in order.</summary>
    public void Answer(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _statuses.Enqueue(status);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed record Received(string Id, string Timestamp, string Signature, string? ContentType, string Body);
}
