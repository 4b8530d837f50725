using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace WeComGateway.Admin;

/// <summary>
/// The OpenAPI document of the admin API (document <c>admin</c>: only <c>/admin</c> routes, the <c>X-Api-Key</c>
/// scheme), served at <c>GET /admin/openapi.json</c> behind the same key as the rest of it.
/// </summary>
public static class AdminOpenApi
{
    public const string DocumentName = "admin";
    private const string SchemeName = "ApiKey";

    public static IServiceCollection AddAdminOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("admin/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "WeComGateway admin API",
                    Version = "v1",
                    Description = "Per-corp rule sets and the dead-letter queues. Every request needs one of Admin:ApiKeys in X-Api-Key.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
                document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = ApiKeyFilter.HeaderName,
                    Description = "One of Admin:ApiKeys (at least 32 characters).",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] }];
                return Task.CompletedTask;
            });
        });

    public static RouteGroupBuilder MapAdminOpenApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/openapi.json", ServeAsync).ExcludeFromDescription();
        return admin;
    }

    private static async Task<ContentHttpResult> ServeAsync([FromKeyedServices(DocumentName)] IOpenApiDocumentProvider documents, CancellationToken cancellationToken)
    {
        var document = await documents.GetOpenApiDocumentAsync(cancellationToken);
        return TypedResults.Text(await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, cancellationToken), "application/json");
    }
}
