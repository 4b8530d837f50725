using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Testing;

namespace WeComGateway.Receiver.Tests;

/// <summary>The receiver faces the internet: its port serves WeCom's callback URLs, health and metrics, and nothing else.</summary>
public sealed class SurfaceTests
{
    private const string AdminKey = "receiver-admin-key-0123456789abcdef0123";

    [Fact]
    public async Task The_receiver_maps_only_the_callback_health_and_metrics_routes()
    {
        await using var app = ReceiverHost.WithHarness(TestSuite.Fresh());

        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>().Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).ToList();

        Assert.NotEmpty(routes);
        Assert.All(routes, route => Assert.True(
            route.StartsWith("/wecom/", StringComparison.Ordinal) || route.StartsWith("/health/", StringComparison.Ordinal) || route == "/metrics",
            $"the receiver maps {route}"));
    }

    [Theory]
    [InlineData("/admin/dlq")]
    [InlineData("/admin/openapi.json")]
    [InlineData("/admin/corps/wwcorp/rules")]
    public async Task The_admin_API_is_not_served_by_the_receiver_even_with_a_configured_key(string path)
    {
        await using var app = ReceiverHost.WithHarness(TestSuite.Fresh(), ("Admin:ApiKeys:0", AdminKey));
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", AdminKey);

        using var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
