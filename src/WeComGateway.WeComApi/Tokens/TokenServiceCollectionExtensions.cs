using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WeComGateway.Storage;
using WeComGateway.WeComApi.Diagnostics;

namespace WeComGateway.WeComApi.Tokens;

public static class TokenServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="IAccessTokenProvider"/> over the token store and <see cref="WeComTokenSource"/>. Options:
    /// <c>WeCom:Tokens</c> (<see cref="TokenOptions"/>); secrets from <c>WeCom:ProviderCorpId</c>,
    /// <c>WeCom:ProviderSecret</c>, <c>WeCom:Suites:{i}:SuiteId/SuiteSecret</c>. Needs <c>IWeComServiceApi</c>
    /// registered elsewhere.
    /// </summary>
    public static IServiceCollection AddWeComTokens(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddGatewayStores(configuration);
        services.AddOptions<TokenOptions>()
            .Bind(configuration.GetSection(TokenOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TokenOptions>, TokenOptionsValidator>());
        services.AddOptions<TokenCredentialsOptions>().Bind(configuration.GetSection(TokenCredentialsOptions.SectionName));
        services.AddMetrics();
        services.TryAddSingleton<WeComApiMetrics>();
        services.TryAddSingleton<ITokenSource, WeComTokenSource>();
        services.TryAddSingleton<IAccessTokenProvider, AccessTokenProvider>();
        return services;
    }

    private sealed class TokenOptionsValidator : IValidateOptions<TokenOptions>
    {
        public ValidateOptionsResult Validate(string? name, TokenOptions options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
