using WeComGateway.Storage;

namespace WeComGateway.Receiver.Admin;

/// <summary>The admin API under <c>/admin</c>, behind <see cref="ApiKeyFilter"/>; nothing of it shares the callback routes.</summary>
public static class AdminEndpoints
{
    public static IHostApplicationBuilder AddAdminApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName);
        builder.Services.AddGatewayStores(builder.Configuration);
        builder.Services.AddProblemDetails();
        builder.Services.AddAdminOpenApi();
        builder.AddDeadLetterAdmin();
        return builder;
    }

    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/admin").WithTags("Admin").AddEndpointFilter<ApiKeyFilter>();
        admin.MapRuleSetAdmin();
        admin.MapDeadLetterAdmin();
        admin.MapAdminOpenApi();
        return admin;
    }
}
