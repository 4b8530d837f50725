using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace WeComGateway.Emulator.Tests;

/// <summary>A fresh emulator per test, on a <see cref="FakeTimeProvider"/>.</summary>
internal sealed class EmulatorApp(TimeSpan? tokenLifetime = null) : WebApplicationFactory<Program>
{
    public const string Ticket = "ticket-from-the-last-push";

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (tokenLifetime is { } lifetime)
        {
            builder.UseSetting("Emulator:TokenLifetime", lifetime.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
        }

        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
    }

    public async Task<JsonObject> PostAsync(string path, object body)
    {
        using var response = await CreateClient().PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public async Task<JsonObject> GetJsonAsync(string path) => (await CreateClient().GetFromJsonAsync<JsonObject>(path))!;

    public async Task<string> SuiteTokenAsync()
    {
        var answer = await PostAsync("/cgi-bin/service/get_suite_token", new { suite_id = "ww-suite", suite_secret = "s3cret", suite_ticket = Ticket });
        return (string)answer["suite_access_token"]!;
    }

    public async Task<(string PermanentCode, string AccessToken)> AuthorizeAsync(string corpId)
    {
        var suiteToken = await SuiteTokenAsync();
        var permanent = await PostAsync($"/cgi-bin/service/get_permanent_code?suite_access_token={suiteToken}", new { auth_code = "AUTH-" + corpId });
        var code = (string)permanent["permanent_code"]!;
        var corpToken = await PostAsync(
            $"/cgi-bin/service/get_corp_token?suite_access_token={suiteToken}", new { auth_corpid = corpId, permanent_code = code });
        return (code, (string)corpToken["access_token"]!);
    }

    public async Task<string> CorpTokenAsync(string corpId = "wwcorp1") => (await AuthorizeAsync(corpId)).AccessToken;
}

internal static class JsonAssert
{
    public static int Errcode(this JsonObject answer) => answer["errcode"]?.GetValue<int>() ?? 0;
}
