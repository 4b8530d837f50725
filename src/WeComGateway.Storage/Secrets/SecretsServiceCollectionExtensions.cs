using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeComGateway.Configuration;

namespace WeComGateway.Storage.Secrets;

public static class SecretsServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="ISecretProtector"/> keyed by <c>Gateway:SecretsKey</c>, built on first use. Without Redis and without
    /// a key (the embedded default) a random key is generated and a warning logged: in-memory secrets die with the
    /// process anyway. With <c>ConnectionStrings:Redis</c> set, a missing key is an error naming the setting.
    /// </summary>
    public static IServiceCollection AddGatewaySecrets(this IServiceCollection services, IConfiguration configuration)
    {
        var redisConfigured = StoreServiceCollectionExtensions.UsesRedis(configuration);
        services.AddValidatedOptions<SecretsOptions>(SecretsOptions.SectionName, configuration, validateOnStart: false)
            .PostConfigure(o => o.AllowEphemeralKey = !redisConfigured);
        services.TryAddSingleton<ISecretProtector>(sp => Create(
            sp.GetRequiredService<IOptions<SecretsOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SecretProtector))));
        return services;
    }

    /// <summary>
    /// For hosts that decrypt permanent codes (the workers): a missing or malformed key stops start-up instead of the
    /// first WeCom call, and the ephemeral-key warning shows at start-up. The receiver never decrypts one and needs no key.
    /// </summary>
    public static IServiceCollection AddSecretsKeyStartupCheck(this IServiceCollection services)
    {
        services.AddOptions<SecretsOptions>().ValidateOnStart();
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
