using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace WeComGateway.Storage.Secrets;

public static class SecretsServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="ISecretProtector"/> keyed by <c>Gateway:SecretsKey</c>, validated at start-up. Without Redis and
    /// without a key (the embedded default) a random key is generated and a warning logged: in-memory secrets die with
    /// the process anyway. With <c>ConnectionStrings:Redis</c> set, a missing key stops start-up.
    /// </summary>
    public static IServiceCollection AddGatewaySecrets(this IServiceCollection services, IConfiguration configuration)
    {
        var redisConfigured = !string.IsNullOrWhiteSpace(configuration.GetConnectionString(StorageServiceCollectionExtensions.RedisConnectionName));
        services.AddOptions<SecretsOptions>()
            .Bind(configuration.GetSection(SecretsOptions.SectionName))
            .PostConfigure(o => o.AllowEphemeralKey = !redisConfigured)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SecretsOptions>, SecretsOptionsValidator>());
        services.TryAddSingleton<ISecretProtector>(sp => Create(
            sp.GetRequiredService<IOptions<SecretsOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SecretProtector))));
        services.AddHostedService<SecretsKeyCheck>();
        return services;
    }

    private static SecretProtector Create(SecretsOptions options, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(options.SecretsKey))
        {
            return new SecretProtector(SecretsOptions.DecodeKey(options.SecretsKey));
        }

        if (!options.AllowEphemeralKey)
        {
            throw new InvalidOperationException(SecretsOptions.KeyProblem("is required when ConnectionStrings:Redis is set"));
        }

        logger.LogWarning(
            "{Setting} is not set: using a random key for this process only. Fine for the embedded in-memory default; set it before using Redis.",
            SecretsOptions.KeySetting);
        return new SecretProtector(RandomNumberGenerator.GetBytes(SecretsOptions.KeyBytes));
    }

    /// <summary>Builds the protector when the host starts, so a key problem (or the ephemeral-key warning) shows at start-up.</summary>
    private sealed class SecretsKeyCheck(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = services.GetRequiredService<ISecretProtector>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
