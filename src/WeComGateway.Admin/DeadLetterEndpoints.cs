using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using WeComGateway.Configuration;
using WeComGateway.Hosting;
using WeComGateway.Operations.DeadLetters;

namespace WeComGateway.Admin;

/// <summary>
/// The dead-letter queues (<c>*_error</c>, <c>*_skipped</c>) of the gateway's vhost: <c>GET /admin/dlq</c>,
/// <c>GET /admin/dlq/{queue}/messages/{id}</c>, <c>POST /admin/dlq/{queue}/replay</c> (a filter),
/// <c>POST /admin/dlq/{queue}/purge</c> (<c>{"confirm": "&lt;queue&gt;"}</c>). Each call is audited with the key's
/// index as the actor. Without <c>ConnectionStrings:RabbitMq</c> they answer 501.
/// </summary>
public static class DeadLetterEndpoints
{
    private const int DefaultMessagesPerQueue = 10;

    /// <summary>Registers the DLQ client when the gateway runs on RabbitMQ (management API: section <c>Operations</c>).</summary>
    public static IHostApplicationBuilder AddDeadLetterAdmin(this IHostApplicationBuilder builder)
    {
        var rabbit = builder.Configuration.GetConnectionString(GatewayBus.ConnectionName);
        if (string.IsNullOrWhiteSpace(rabbit))
        {
            return builder;
        }

        try
        {
            _ = DeadLetterOptions.Create(rabbit);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"ConnectionStrings:{GatewayBus.ConnectionName}: {ex.Message}", ex);
        }

        builder.Services.AddValidatedOptions<OperationsOptions>(OperationsOptions.SectionName, builder.Configuration);
        builder.Services.AddSingleton(sp => new DeadLetterClient(
            DeadLetterOptions.Create(rabbit, sp.GetRequiredService<IOptions<OperationsOptions>>().Value.RabbitMqManagementUrl),
            sp.GetRequiredService<ILogger<DeadLetterClient>>(),
            sp.GetRequiredService<TimeProvider>()));
        return builder;
    }

    public static RouteGroupBuilder MapDeadLetterAdmin(this RouteGroupBuilder admin)
    {
        var dlq = admin.MapGroup("/dlq").WithTags("Dead letters");
        dlq.MapGet(string.Empty, ListAsync)
            .WithSummary("Every _error and _skipped queue: depth, age of the oldest message, and the first messages with their reasons.");
        dlq.MapGet("/{queue}/messages/{id}", ShowAsync)
            .WithSummary("One message: every header and the body.");
        dlq.MapPost("/{queue}/replay", ReplayAsync)
            .WithSummary("Move the messages the filter matches back to their endpoint (one pass; publish confirmed, then removed).");
        dlq.MapPost("/{queue}/purge", PurgeAsync)
            .WithSummary("Delete every message of the queue; the body must repeat the queue's name.");
        return admin;
    }

    /// <summary>Body of a purge: the queue's name again, so a purge is never an accident.</summary>
    public sealed record PurgeRequest(string? Confirm);

    /// <summary>What a purge removed.</summary>
    public sealed record PurgeResult(string Queue, long Purged);

    private static Task<Results<Ok<IReadOnlyList<DeadLetterQueue>>, ProblemHttpResult>> ListAsync(
        HttpContext http, [FromServices] DeadLetterClient? dlq, IOptionsMonitor<AdminOptions> admin, CancellationToken cancellationToken, int? messages = null) =>
        RunAsync<IReadOnlyList<DeadLetterQueue>>(dlq, async client => TypedResults.Ok(await client.ListQueuesAsync(
            Math.Clamp(messages ?? DefaultMessagesPerQueue, 0, DeadLetterClient.MaxMessagesPerQueue), AdminActor.Of(http, admin.CurrentValue), cancellationToken)));

    private static Task<Results<Ok<DeadLetterMessageDetail>, ProblemHttpResult>> ShowAsync(
        string queue, string id, HttpContext http, [FromServices] DeadLetterClient? dlq, IOptionsMonitor<AdminOptions> admin, CancellationToken cancellationToken) =>
        RunAsync<DeadLetterMessageDetail>(dlq, async client =>
            await client.ShowAsync(queue, id, AdminActor.Of(http, admin.CurrentValue), cancellationToken) is { } detail
                ? TypedResults.Ok(detail)
                : DeadLetterProblems.MessageNotFound(queue, id));

    private static Task<Results<Ok<ReplayResult>, ProblemHttpResult>> ReplayAsync(
        string queue, ReplayFilter? filter, HttpContext http, [FromServices] DeadLetterClient? dlq, IOptionsMonitor<AdminOptions> admin, CancellationToken cancellationToken) =>
        RunAsync<ReplayResult>(dlq, async client => TypedResults.Ok(
            await client.ReplayAsync(queue, filter ?? new ReplayFilter(), AdminActor.Of(http, admin.CurrentValue), progress: null, cancellationToken)));

    private static Task<Results<Ok<PurgeResult>, ProblemHttpResult>> PurgeAsync(
        string queue, PurgeRequest? request, HttpContext http, [FromServices] DeadLetterClient? dlq, IOptionsMonitor<AdminOptions> admin, CancellationToken cancellationToken) =>
        RunAsync<PurgeResult>(dlq, async client =>
        {
            if (DeadLetterQueueNames.IsDeadLetterQueue(queue) && !string.Equals(request?.Confirm, queue, StringComparison.Ordinal))
            {
                return DeadLetterProblems.ConfirmationMismatch(queue);
            }

            return TypedResults.Ok(new PurgeResult(queue, await client.PurgeAsync(queue, AdminActor.Of(http, admin.CurrentValue), cancellationToken)));
        });

    /// <summary>501 without RabbitMQ; the operation's expected failures as problems (<see cref="DeadLetterProblems.From"/>).</summary>
    private static async Task<Results<Ok<T>, ProblemHttpResult>> RunAsync<T>(
        DeadLetterClient? dlq, Func<DeadLetterClient, Task<Results<Ok<T>, ProblemHttpResult>>> operation)
    {
        if (dlq is null)
        {
            return DeadLetterProblems.NotConfigured();
        }

        try
        {
            return await operation(dlq);
        }
        catch (Exception ex) when (DeadLetterProblems.From(ex) is { } problem)
        {
            return problem;
        }
    }
}
