using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using WeComGateway.Embedded;
using WeComGateway.Testing;

namespace WeComGateway.Embedded.Tests;

/// <summary>
/// The README's first command: one process, no servers. A newcomer's three triggers (ticket, install, a customer from
/// a channel QR code) end with the customer welcomed, tagged with the channel and staged — in the emulator's state.
/// </summary>
public sealed class EmbeddedFlowTests
{
    private static readonly TestSuite Demo = new(
        "ww0000demosuite001", "DemoSuiteToken2026", "gH4Xhh7kPTXxM7BLHj01M1Wbtkj7HCYjTQHuc0N2OKc", "ww0000demoprovider", "ww0000democorp0001");

    [Fact]
    public async Task A_customer_from_a_poster_QR_code_is_welcomed_tagged_and_staged_with_no_WeCom_account()
    {
        await using var gateway = new EmbeddedApplication();
        var client = gateway.CreateClient();

        Assert.Equal("success", await PostAsync(client, EventXml.SuiteTicket(Demo, "demo-ticket")));
        Assert.Equal("success", await PostAsync(client, EventXml.CreateAuth(Demo)));
        await WaitForAuthorizationAsync(gateway); // as in WeCom: customers come after the install
        Assert.Equal("success", await PostAsync(client, EventXml.ContactAdded(Demo, "wmNewcomerCustomer1", state: "poster-42")));

        var state = await WaitForWelcomeAsync(client, gateway);
        var welcome = Assert.Single(state.GetProperty("welcomes").EnumerateArray());
        Assert.Contains("很高兴为您服务", welcome.GetProperty("text").GetString(), StringComparison.Ordinal);
        var customer = Assert.Single(state.GetProperty("customers").EnumerateArray());
        var tags = customer.GetProperty("follow_users").EnumerateArray()
            .SelectMany(f => f.GetProperty("tags").EnumerateArray())
            .Select(t => (t.GetProperty("group_name").GetString(), t.GetProperty("tag_name").GetString()))
            .ToList();
        Assert.Contains(("渠道", "poster-42"), tags);
        Assert.Contains(("客户阶段", "新客户"), tags);
        Assert.Contains("poster-42", await client.GetStringAsync("/"), StringComparison.Ordinal);
    }

    private static Task WaitForAuthorizationAsync(EmbeddedApplication gateway)
    {
        var store = gateway.Services.GetRequiredService<WeComGateway.Storage.Authorizations.IAuthorizationStore>();
        return Eventually.ValueAsync(() => store.GetAsync(Demo.CorpId, Demo.SuiteId, default), "create_auth to be applied", Eventually.Say(() => "logs: " + gateway.Errors()));
    }

    private static async Task<string> PostAsync(HttpClient client, string xml)
    {
        using var request = SignedCallback.Post(Demo, "command", xml).ToRequest();
        using var response = await client.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<JsonElement> WaitForWelcomeAsync(HttpClient client, EmbeddedApplication gateway)
    {
        var state = default(JsonElement);
        await Eventually.HoldsAsync(
            async () =>
            {
                state = await client.GetFromJsonAsync<JsonElement>("/emulator/state");
                return state.GetProperty("welcomes").GetArrayLength() > 0 && state.GetProperty("customers").GetArrayLength() > 0
                    && state.GetProperty("customers")[0].GetProperty("follow_users").EnumerateArray().Any(f => f.GetProperty("tags").GetArrayLength() >= 2);
            },
            "the customer to be welcomed and tagged",
            Eventually.Say(() => $"the emulator saw: {state.GetProperty("calls")}; logs: {gateway.Errors()}"));
        return state;
    }

    /// <summary>The embedded host in process; its WeCom API calls reach the emulator it maps, through the test server.</summary>
    private sealed class EmbeddedApplication : WebApplicationFactory<EmbeddedGateway>
    {
        public string Errors() => string.Join("\n", Services.GetFakeLogCollector().GetSnapshot()
            .Where(r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Warning)
            .Select(r => $"{r.Category}: {r.Message} {r.Exception?.Message}"));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.ConfigureServices(services =>
            {
                services.AddLogging(logging => logging.AddFakeLogging());
                // Last word on every HttpClient: its primary handler is the test server, where the emulator is mapped.
                services.PostConfigureAll<Microsoft.Extensions.Http.HttpClientFactoryOptions>(options =>
                    options.HttpMessageHandlerBuilderActions.Add(handlers => handlers.PrimaryHandler = Server.CreateHandler()));
            });
        }
    }
}
