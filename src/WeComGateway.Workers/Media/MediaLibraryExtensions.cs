using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WeComGateway.Configuration;
using WeComGateway.Storage;
using WeComGateway.Workers.Diagnostics;

namespace WeComGateway.Workers.Media;

internal static class MediaLibraryExtensions
{
    /// <summary>
    /// <see cref="IMediaLibrary"/> (scoped, as the WeCom clients it uses are), its settings (section <c>Media</c>),
    /// the media cache among the gateway's stores and the download client. Needs <c>AddWeComApi</c> and the token
    /// services; features that send media (welcomes, campaigns, moments) each call it.
    /// </summary>
    public static IServiceCollection AddMediaLibrary(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<WorkerMetrics>();
        services.AddValidatedOptions<MediaOptions>(MediaOptions.SectionName, configuration);
        services.AddGatewayStores(configuration);
        if (services.All(d => d.ServiceType != typeof(MediaDownloader)))
        {
            services.AddHttpClient(MediaDownloader.ClientName);
            services.AddSingleton<MediaDownloader>();
        }

        services.TryAddScoped<IMediaLibrary, MediaLibrary>();
        return services;
    }
}
