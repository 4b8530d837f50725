using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WeComGateway.Configuration;
using WeComGateway.Storage;
using WeComGateway.WeComApi.Diagnostics;

namespace WeComGateway.WeComApi.Tokens;

public static class TokenServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="IAccessTokenProvider"/> over the token store and <see cref="WeComTokenSource"/>, and the
    /// <see cref="CorpGrantSelector"/> that says which suite's grant acts for a corp. Options:
    /// <c>WeCom:Tokens</c> (<see cref="TokenOptions"/>); secrets from <see cref="WeComOptions"/> (<c>WeCom:ProviderCorpId</c>,
    /// <c>WeCom:ProviderSecret</c>, <c>WeCom:Suites:{i}:SuiteId/SuiteSecret</c>). Needs <c>IWeComServiceApi</c>
    /// registered elsewhere.
    /// </summary>
    public static IServiceCollection AddWeComTokens(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddGatewayStores(configuration);
        services.AddValidatedOptions<TokenOptions>(TokenOptions.SectionName, configuration);
        services.AddWeComOptions(configuration);
        services.AddMetrics();
        services.TryAddSingleton<WeComApiMetrics>();
        services.TryAddSingleton<ITokenSource, WeComTokenSource>();
        services.TryAddSingleton<IAccessTokenProvider, AccessTokenProvider>();
        services.TryAddSingleton<CorpGrantSelector>();
        return services;
    }
}
