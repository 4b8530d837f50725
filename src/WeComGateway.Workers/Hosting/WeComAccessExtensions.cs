using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WeComGateway.Storage;
using WeComGateway.Storage.Secrets;
using WeComGateway.WeComApi;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.Workers.Hosting;

public static class WeComAccessExtensions
{
    private static readonly object RegisteredKey = new();

    /// <summary>
    /// What every worker feature that calls WeCom needs, registered once however many features ask: suite tickets,
    /// authorizations (permanent codes encrypted), the Refit clients with their resilience pipelines, and tokens.
    /// </summary>
    public static IHostApplicationBuilder AddWeComAccess(this IHostApplicationBuilder builder)
    {
        if (builder.Properties.ContainsKey(RegisteredKey))
        {
            return builder;
        }

        builder.Properties[RegisteredKey] = true;
        builder.Services.AddGatewayStores(builder.Configuration);
        builder.Services.AddSecretsKeyStartupCheck();
        builder.Services.AddWeComApi(builder.Configuration);
        builder.Services.AddWeComTokens(builder.Configuration);
        return builder;
    }
}
