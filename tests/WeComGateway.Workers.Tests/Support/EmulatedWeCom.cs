using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Storage;
using WeComGateway.Storage.Tickets;
using WeComGateway.Testing;
using WeComGateway.WeComApi;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.Workers.Tests.Support;

/// <summary>
/// The workers' WeCom access as production composes it (the Refit clients with their pipelines, the token provider
/// over the in-memory token and ticket stores), pointed at an in-process <see cref="WeComEmulator"/>. The client does
/// not retry on its own (<c>WeCom:Api:MaxRetryAttempts</c> 0): the consumers' retries are what these tests watch.
/// </summary>
public static class EmulatedWeCom
{
    public const string SuiteSecret = "suite-secret-for-tests";

    public static Dictionary<string, string?> Settings(WeComEmulator emulator, string suiteId) => new()
    {
        ["WeCom:ApiBaseUrl"] = emulator.ApiBaseUrl,
        ["WeCom:Suites:0:SuiteId"] = suiteId,
        ["WeCom:Suites:0:SuiteSecret"] = SuiteSecret,
        ["WeCom:Suites:0:Token"] = "CallbackToken2026",
        ["WeCom:Suites:0:EncodingAesKey"] = "gH4Xhh7kPTXxM7BLHj01M1Wbtkj7HCYjTQHuc0N2OKc",
        ["WeCom:Api:MaxRetryAttempts"] = "0",
        ["Workers:Retry:Limit"] = "3",
        ["Workers:Retry:MinInterval"] = "00:00:00.010",
        ["Workers:Retry:MaxInterval"] = "00:00:00.050",
        ["Workers:Retry:IntervalDelta"] = "00:00:00.010",
    };

    /// <summary>The stores (the caller's registrations win: TryAdd), the API clients and tokens.</summary>
    public static IServiceCollection AddEmulatedWeCom(this IServiceCollection services, IConfiguration configuration, WeComEmulator emulator)
    {
        services.AddGatewayStores(configuration);
        services.AddWeComApi(configuration);
        services.AddWeComTokens(configuration);
        return emulator.Serve(services);
    }

    /// <summary>WeCom pushes a suite_ticket every ten minutes; a test whose clock jumps pushes one itself.</summary>
    public static Task PushSuiteTicketAsync(this IServiceProvider services, string suiteId, DateTimeOffset at) =>
        services.GetRequiredService<ISuiteTicketStore>().SaveAsync(suiteId, new SuiteTicket("ticket-" + at.ToUnixTimeSeconds(), at, at), CancellationToken.None);
}
