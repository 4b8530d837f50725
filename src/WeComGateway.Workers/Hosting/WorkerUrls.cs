using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace WeComGateway.Workers.Hosting;

public static class WorkerUrls
{
    /// <summary>Where the worker host serves health and metrics when nothing else says: <c>http://0.0.0.0:5081</c> in appsettings.json.</summary>
    public const string SettingName = "Workers:Urls";

    /// <summary>
    /// Listens on <c>Workers:Urls</c>, unless the standard ASP.NET Core setting (<c>ASPNETCORE_URLS</c>, <c>--urls</c>,
    /// <c>urls</c>) is set, which wins.
    /// </summary>
    public static WebApplicationBuilder UseWorkerUrls(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey])
            && builder.Configuration[SettingName] is { Length: > 0 } urls)
        {
            builder.WebHost.UseUrls(urls);
        }

        return builder;
    }
}
