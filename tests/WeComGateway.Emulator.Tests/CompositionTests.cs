using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace WeComGateway.Emulator.Tests;

public sealed class CompositionTests
{
    [Fact]
    public async Task The_emulator_can_be_mapped_under_a_prefix_in_another_host()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddWeComEmulator();
        await using var app = builder.Build();
        app.MapWeComEmulator("/wecom");
        await app.StartAsync();
        var client = app.GetTestClient();

        using var response = await client.PostAsJsonAsync(
            "/wecom/cgi-bin/service/get_suite_token", new { suite_id = "ww-suite", suite_secret = "s3cret", suite_ticket = "t" });
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>();
        var page = await client.GetStringAsync("/wecom/");
        var state = await client.GetFromJsonAsync<JsonObject>("/wecom/emulator/state");

        Assert.False(string.IsNullOrEmpty((string?)answer!["suite_access_token"]));
        Assert.Contains("href=\"/wecom/emulator/state\"", page, StringComparison.Ordinal);
        Assert.Equal("/cgi-bin/service/get_suite_token", (string)state!["calls"]![0]!["path"]!);
    }
}
