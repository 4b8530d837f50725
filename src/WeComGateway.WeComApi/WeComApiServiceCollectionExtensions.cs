using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Refit;
using WeComGateway.Configuration;
using WeComGateway.WeComApi.Diagnostics;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.WeComApi.Http;
using WeComGateway.WeComApi.Media;
using WeComGateway.WeComApi.Message;
using WeComGateway.WeComApi.Service;

namespace WeComGateway.WeComApi;

public static class WeComApiServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IWeComServiceApi"/>, <see cref="IWeComExternalContactApi"/>, <see cref="IWeComMessageApi"/> and <see cref="IWeComMediaApi"/> (Refit, System.Text.Json)
    /// with, outer to inner: <see cref="WeComTelemetryHandler"/> (one measurement and span per call), a per-corp
    /// resilience pipeline (total timeout, retry, circuit breaker, rate limiter, attempt timeout),
    /// <see cref="AccessTokenHandler"/> and <see cref="WeComErrorHandler"/>. Options come from
    /// <c>WeCom:Api</c> (<see cref="WeComApiOptions"/>) and <c>WeCom:ApiBaseUrl</c> (<see cref="WeComOptions"/>). Does not register <c>IAccessTokenProvider</c>: the token
    /// infrastructure (or a test fake) must.
    /// </summary>
    public static IServiceCollection AddWeComApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddWeComOptions(configuration);
        services.AddValidatedOptions<WeComApiOptions>(WeComApiOptions.SectionName, configuration);

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WeComApiMetrics>();
        services.AddTransient<WeComTelemetryHandler>();
        services.AddTransient<AccessTokenHandler>();
        services.AddTransient<WeComErrorHandler>();

        var settings = new RefitSettings(new SystemTextJsonContentSerializer(JsonOptions));
        var wrapOthers = settings.TransportExceptionFactory;
        settings.TransportExceptionFactory = (request, exception, cancellationToken) =>
            WeComTransportErrors.Translate(request, exception, cancellationToken) ?? wrapOthers(request, exception, cancellationToken);
        AddClient<IWeComServiceApi>(services, settings);
        AddClient<IWeComExternalContactApi>(services, settings);
        AddClient<IWeComMessageApi>(services, settings);
        AddClient<IWeComMediaApi>(services, settings);
        return services;
    }

    /// <summary>WeCom's names come from <c>[JsonPropertyName]</c>; unset optional fields are left out of requests.</summary>
    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = false,
    };

    private static void AddClient<TApi>(IServiceCollection services, RefitSettings settings)
        where TApi : class
    {
        var client = services.AddRefitGeneratedClient<TApi>(settings)
            .ConfigureHttpClient((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<WeComApiOptions>>().Value;
                http.BaseAddress = sp.GetRequiredService<IOptions<WeComOptions>>().Value.ApiBaseUrl;
                // Polly's total timeout is the deadline; this only backs it up.
                http.Timeout = options.TotalTimeout + TimeSpan.FromSeconds(5);
            });

        client.AddHttpMessageHandler<WeComTelemetryHandler>();
        client.AddResilienceHandler(WeComResilience.PipelineName, static (builder, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<WeComApiOptions>>().Value;
                var metrics = context.ServiceProvider.GetRequiredService<WeComApiMetrics>();
                WeComResilience.Configure(builder, options, metrics, context.OnPipelineDisposed);
            })
            .SelectPipelineBy(static _ => request => request.GetPipelineKey());

        client.AddHttpMessageHandler<AccessTokenHandler>()
            .AddHttpMessageHandler<WeComErrorHandler>();
    }
}
