using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace WeComGateway.Embedded.Tests;

/// <summary>
/// The embedded host has two listeners (Kestrel endpoints in embedded.json): callbacks, the emulator and health on
/// <c>Gateway</c>, the admin API on <c>Admin</c> — and only there, whatever Host header a caller sends.
/// </summary>
public sealed class AdminListenerTests
{
    private const string Key = "embedded-admin-key-0123456789abcdef0123";

    [Fact]
    public async Task The_admin_API_answers_on_the_admin_listener_only()
    {
        await using var gateway = new EmbeddedWithAdminKey();
        var configuration = gateway.Services.GetRequiredService<IConfiguration>();
        var callbackPort = BindingAddress.Parse(configuration["Kestrel:Endpoints:Gateway:Url"]!).Port;
        var adminPort = BindingAddress.Parse(configuration[EmbeddedGateway.AdminListenerKey]!).Port;

        Assert.Equal((5080, 5081), (callbackPort, adminPort));
        Assert.Equal(StatusCodes.Status200OK, await StatusAsync(gateway, adminPort, "/admin/openapi.json"));
        Assert.Equal(StatusCodes.Status404NotFound, await StatusAsync(gateway, callbackPort, "/admin/openapi.json"));
        Assert.Equal(StatusCodes.Status404NotFound, await StatusAsync(gateway, callbackPort, "/admin/dlq"));
        Assert.Equal(StatusCodes.Status200OK, await StatusAsync(gateway, callbackPort, "/health/live"));
    }

    /// <summary>A request as it arrives on the listener at <paramref name="localPort"/>, naming the admin listener in its Host header.</summary>
    private static async Task<int> StatusAsync(EmbeddedWithAdminKey gateway, int localPort, string path)
    {
        var context = await gateway.Server.SendAsync(http =>
        {
            http.Request.Method = HttpMethods.Get;
            http.Request.Path = path;
            http.Request.Host = new HostString("localhost", 5081);
            http.Request.Headers["X-Api-Key"] = Key;
            http.Connection.LocalPort = localPort;
        });
        return context.Response.StatusCode;
    }

    private sealed class EmbeddedWithAdminKey : WebApplicationFactory<EmbeddedGateway>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Admin:ApiKeys:0", Key);
        }
    }
}
