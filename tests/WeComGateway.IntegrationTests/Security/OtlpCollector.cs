using System.Collections.Concurrent;
using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace WeComGateway.IntegrationTests.Security;

/// <summary>
/// A stand-in for an OpenTelemetry collector: Kestrel on 127.0.0.1 answering OTLP/HTTP (<c>POST /v1/traces</c>,
/// <c>/v1/metrics</c>, <c>/v1/logs</c>) with success and keeping every request body as sent. The bodies are not
/// decoded: a string a host exported sits in them verbatim (protobuf string fields are UTF-8), so searching the raw
/// bytes finds it.
/// </summary>
internal sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpCollector(WebApplication app) => _app = app;

    /// <summary>What to set <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> to (the exporters append <c>/v1/…</c>).</summary>
    public Uri Endpoint => new(_app.Urls.First());

    /// <summary>Every export so far: its signal (<c>traces</c>, <c>metrics</c>, <c>logs</c>) and its body, decompressed.</summary>
    public ConcurrentQueue<Export> Exports { get; } = new();

    public sealed record Export(string Signal, byte[] Body);

    /// <summary>
    /// The settings that point a gateway host at this collector over OTLP/HTTP protobuf, exporting every half second
    /// (a host's disposal flushes the rest).
    /// </summary>
    public IEnumerable<(string Key, string? Value)> Settings() =>
    [
        ("OTEL_EXPORTER_OTLP_ENDPOINT", Endpoint.ToString().TrimEnd('/')),
        ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
        ("OTEL_METRIC_EXPORT_INTERVAL", "500"),
        ("OTEL_BSP_SCHEDULE_DELAY", "200"),
        ("OTEL_BLRP_SCHEDULE_DELAY", "200"),
    ];

    public static async Task<OtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.Sources.Clear(); // no appsettings or environment (OTEL_* there would make it export to itself)
        builder.Configuration.AddInMemoryCollection();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var collector = new OtlpCollector(builder.Build());
        collector._app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            collector.Exports.Enqueue(new Export(signal, await ReadBodyAsync(request)));
            return Results.Bytes([], "application/x-protobuf"); // an empty Export*ServiceResponse: all accepted
        });
        await collector._app.StartAsync();
        return collector;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        if (request.Headers.ContentEncoding.ToString() == "gzip")
        {
            await using var unzipped = new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true);
            await unzipped.CopyToAsync(buffer);
        }
        else
        {
            await request.Body.CopyToAsync(buffer);
        }

        return buffer.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
