using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WeComGateway.Storage;
using WeComGateway.Storage.Secrets;
using WeComGateway.WeComApi;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.Workers.Hosting;

internal static class WeComAccessExtensions
{
    /// <summary>
    /// What every worker feature that calls WeCom needs; a host calls it once: suite tickets, authorizations (permanent
    /// codes encrypted), the Refit clients with their resilience pipelines, and tokens.
    /// </summary>
    public static IHostApplicationBuilder AddWeComAccess(this IHostApplicationBuilder builder)
    {
        builder.Services.AddGatewayStores(builder.Configuration);
        builder.Services.AddSecretsKeyStartupCheck();
        builder.Services.AddWeComApi(builder.Configuration);
        builder.Services.AddWeComTokens(builder.Configuration);
        return builder;
    }
}
