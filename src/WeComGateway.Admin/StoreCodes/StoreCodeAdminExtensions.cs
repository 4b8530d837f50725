using Microsoft.Extensions.DependencyInjection.Extensions;
using WeComGateway.Configuration;
using WeComGateway.Storage.StoreCodes;

namespace WeComGateway.Admin.StoreCodes;

internal static class StoreCodeAdminExtensions
{
    /// <summary>
    /// The store-code and group-code services of the admin API (settings: section <c>StoreCodes</c>). They call WeCom:
    /// the host registers the WeCom API clients and tokens (the worker and embedded hosts do).
    /// </summary>
    public static IHostApplicationBuilder AddStoreCodeAdmin(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<StoreCodeOptions>(StoreCodeOptions.SectionName, builder.Configuration);
        builder.Services.TryAddScoped<StoreCodeIssuer>();
        builder.Services.TryAddScoped<GroupCodeManager>();
        return builder;
    }
}
