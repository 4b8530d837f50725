using WeComGateway.Admin.StoreCodes;
using WeComGateway.Configuration;
using WeComGateway.Storage;

namespace WeComGateway.Admin;

/// <summary>
/// The admin API under <c>/admin</c>, behind <see cref="ApiKeyFilter"/>: per-corp rule sets and backfills, the dead-letter queues and
/// the OpenAPI document. The worker host serves it on its internal port; it is never mapped by the receiver.
/// </summary>
public static class AdminEndpoints
{
    public static IHostApplicationBuilder AddAdminApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<AdminOptions>(AdminOptions.SectionName, builder.Configuration);
        builder.Services.AddGatewayStores(builder.Configuration);
        builder.Services.AddProblemDetails();
        builder.Services.AddAdminOpenApi();
        builder.AddDeadLetterAdmin();
        builder.Services.AddScoped<FissionPosters>();
        builder.AddStoreCodeAdmin();
        return builder;
    }

    /// <param name="routes">Where to map <c>/admin</c>.</param>
    /// <param name="listenerPort">
    /// For a host that also faces the outside (the embedded host): the local port of its admin listener. A request that
    /// arrived on any other listener is answered 404 before its key is even looked at, whatever its Host header says.
    /// </param>
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder routes, int? listenerPort = null)
    {
        var admin = routes.MapGroup("/admin").WithTags("Admin");
        if (listenerPort is { } port)
        {
            admin.AddEndpointFilter((context, next) =>
                context.HttpContext.Connection.LocalPort == port ? next(context) : ValueTask.FromResult<object?>(TypedResults.NotFound()));
        }

        admin.AddEndpointFilter<ApiKeyFilter>();
        admin.MapRuleSetAdmin();
        admin.MapBackfillAdmin();
        admin.MapFissionAdmin();
        admin.MapStoreCodeAdmin();
        admin.MapGroupCodeAdmin();
        admin.MapLeadAdmin();
        admin.MapDeletionAlertAdmin();
        admin.MapChannelAdmin();
        admin.MapCampaignAdmin();
        admin.MapMomentAdmin();
        admin.MapWebhookAdmin();
        admin.MapDeadLetterAdmin();
        admin.MapAdminOpenApi();
        return admin;
    }
}
