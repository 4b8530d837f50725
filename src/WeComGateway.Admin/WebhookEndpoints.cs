using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using WeComGateway.Automation.Webhooks;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Webhooks;

namespace WeComGateway.Admin;

/// <summary>
/// A corp's outgoing webhooks (docs/webhooks.md): subscribe an HTTPS endpoint to chosen events (the answer shows its
/// signing secret, this once), list and remove subscriptions, and send a signed <c>WebhookPing</c> to one.
/// </summary>
public static class WebhookEndpoints
{
    public static RouteGroupBuilder MapWebhookAdmin(this RouteGroupBuilder admin)
    {
        var webhooks = admin.MapGroup("/corps/{corpId:length(1,64)}/webhooks").WithTags("Webhooks");
        webhooks.MapPost("/", CreateAsync)
            .WithSummary("Subscribe an HTTPS endpoint to events (contract record names, e.g. ExternalContactAdded). The answer holds the signing secret (whsec_…) — it is not shown again.");
        webhooks.MapGet("/", ListAsync).WithSummary("The corp's webhook subscriptions (without secrets).");
        webhooks.MapDelete("/{webhookId}", DeleteAsync).WithSummary("Remove a subscription; deliveries already queued for it are dropped.");
        webhooks.MapPost("/{webhookId}/test", TestAsync).WithSummary("Send a signed WebhookPing to the subscription's endpoint (through the delivery queue, with its retries).");
        return admin;
    }

    /// <param name="Id">Optional (generated when absent).</param>
    /// <param name="Events">Contract record names the endpoint receives.</param>
    public sealed record WebhookRequest(string? Id, string? Url, IReadOnlyList<string>? Events, bool? Enabled);

    public sealed record WebhookView(string WebhookId, string Url, IReadOnlyList<string> Events, bool Enabled, string CreatedBy, DateTimeOffset CreatedAt);

    /// <summary>The created subscription with its secret: the only answer that carries it.</summary>
    public sealed record WebhookCreated(string WebhookId, string Url, IReadOnlyList<string> Events, bool Enabled, string CreatedBy, DateTimeOffset CreatedAt, string Secret);

    public sealed record WebhookList(string CorpId, IReadOnlyList<WebhookView> Webhooks);

    /// <param name="DeliveryId">The ping's <c>webhook-id</c> header.</param>
    public sealed record WebhookTestAccepted(string WebhookId, string DeliveryId);

    private static async Task<Results<Created<WebhookCreated>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        string corpId,
        WebhookRequest request,
        HttpContext http,
        IAuthorizationStore authorizations,
        IWebhookStore webhooks,
        IOptionsMonitor<WebhookOptions> options,
        IOptionsMonitor<AdminOptions> admin,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (await AdminCorps.RefuseAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (WebhookUrls.Problem(request.Url, options.CurrentValue.AllowInsecureLoopback) is { } urlProblem)
        {
            errors["url"] = [urlProblem];
        }

        var events = (request.Events ?? []).Select(e => e.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (events.Count == 0)
        {
            errors["events"] = ["at least one event (a contract record name such as ExternalContactAdded)"];
        }
        else if (events.Where(e => !WebhookEvents.IsKnown(e)).ToList() is { Count: > 0 } unknown)
        {
            errors["events"] = [.. unknown.Select(e => $"{e} is not a record the gateway publishes (contracts/README.md)")];
        }

        if (request.Id is { } givenId && !WebhookIds.IsValid(givenId))
        {
            errors["id"] = [$"1..{WebhookIds.MaxLength} characters of A-Z, a-z, 0-9, _ and -"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "invalid_webhook", detail: "Nothing was stored.");
        }

        var actor = AdminActor.Of(http, admin.CurrentValue);
        var subscription = new WebhookSubscription
        {
            Id = request.Id ?? WebhookIds.New(), Url = request.Url!, Events = events, Enabled = request.Enabled ?? true,
            CreatedBy = actor, CreatedAt = time.GetUtcNow(),
        };
        var secret = StandardWebhookSigner.NewSecret();
        switch (await webhooks.CreateAsync(corpId, subscription, secret, cancellationToken))
        {
            case WebhookCreateResult.NoGrant:
                return TypedResults.Problem(title: "not_authorized", detail: $"Corp {corpId} holds no active grant.", statusCode: StatusCodes.Status404NotFound);
            case WebhookCreateResult.Exists:
                return TypedResults.Problem(title: "webhook_exists", detail: $"Webhook {subscription.Id} exists; remove it first.", statusCode: StatusCodes.Status409Conflict);
            case WebhookCreateResult.TooMany:
                return TypedResults.Problem(title: "too_many_webhooks", detail: $"A corp has at most {WebhookIds.MaxPerCorp} webhooks.", statusCode: StatusCodes.Status409Conflict);
        }

        loggers.CreateLogger(typeof(WebhookEndpoints)).LogInformation(
            "{Actor} created webhook {WebhookId} of corp {CorpId} for {Events} (audit)", actor, subscription.Id, corpId, string.Join(",", events));
        var s = subscription;
        return TypedResults.Created($"/admin/corps/{corpId}/webhooks/{s.Id}", new WebhookCreated(s.Id, s.Url, s.Events, s.Enabled, s.CreatedBy, s.CreatedAt, secret));
    }

    private static async Task<Results<Ok<WebhookList>, ProblemHttpResult>> ListAsync(
        string corpId, IAuthorizationStore authorizations, IWebhookStore webhooks, CancellationToken cancellationToken)
    {
        if (await AdminCorps.RefuseAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(new WebhookList(corpId, [.. (await webhooks.ListAsync(corpId, cancellationToken)).Select(View)]));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(
        string corpId, string webhookId, HttpContext http, IAuthorizationStore authorizations, IWebhookStore webhooks,
        IOptionsMonitor<AdminOptions> admin, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (await AdminCorps.RefuseAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (!WebhookIds.IsValid(webhookId) || !await webhooks.RemoveAsync(corpId, webhookId, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        loggers.CreateLogger(typeof(WebhookEndpoints)).LogInformation(
            "{Actor} removed webhook {WebhookId} of corp {CorpId} (audit)", AdminActor.Of(http, admin.CurrentValue), webhookId, corpId);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Accepted<WebhookTestAccepted>, NotFound, ProblemHttpResult>> TestAsync(
        string corpId, string webhookId, IAuthorizationStore authorizations, IWebhookStore webhooks,
        [FromServices] IPublishEndpoint publisher, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await AdminCorps.RefuseAsync(corpId, authorizations, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (!WebhookIds.IsValid(webhookId) || await webhooks.GetAsync(corpId, webhookId, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        var messageId = NewId.NextGuid().ToString("N");
        var now = time.GetUtcNow();
        await publisher.Publish(new WebhookDelivery
        {
            CorpId = corpId,
            SubscriptionId = webhookId,
            EventType = WebhookEvents.Ping,
            WebhookId = WebhookEvents.WebhookIdOf(messageId, webhookId),
            Payload = WebhookEvents.Payload(WebhookEvents.Ping, now, new System.Text.Json.Nodes.JsonObject { ["corpId"] = corpId, ["webhookId"] = webhookId }),
        }, cancellationToken);
        return TypedResults.Accepted($"/admin/corps/{corpId}/webhooks/{webhookId}", new WebhookTestAccepted(webhookId, WebhookEvents.WebhookIdOf(messageId, webhookId)));
    }

    private static WebhookView View(WebhookSubscription s) => new(s.Id, s.Url, s.Events, s.Enabled, s.CreatedBy, s.CreatedAt);
}
