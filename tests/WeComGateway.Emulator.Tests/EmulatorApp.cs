using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using WeComGateway.Testing;

namespace WeComGateway.Emulator.Tests;

/// <summary>A fresh emulator per test (the in-process one every test project uses), on a <see cref="FakeTimeProvider"/>.</summary>
internal sealed class EmulatorApp : IAsyncDisposable
{
    public const string Ticket = "ticket-from-the-last-push";

    private EmulatorApp(WeComEmulator emulator, FakeTimeProvider time)
    {
        Emulator = emulator;
        Time = time;
        Client = emulator.CreateClient();
    }

    public WeComEmulator Emulator { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Client { get; }

    /// <param name="defaultCorpId">The emulator's own default, so a made-up auth code authorizes the demo corp.</param>
    /// <param name="configure">Further emulator settings (mass message limits …).</param>
    public static async Task<EmulatorApp> StartAsync(
        TimeSpan? tokenLifetime = null, string defaultCorpId = "ww0000emulator0001", Func<WeComEmulatorOptions, WeComEmulatorOptions>? configure = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        var options = new WeComEmulatorOptions { Time = time, TokenLifetime = tokenLifetime, DefaultCorpId = defaultCorpId };
        var emulator = await WeComEmulator.StartAsync(configure?.Invoke(options) ?? options);
        return new EmulatorApp(emulator, time);
    }

    public async Task<JsonObject> PostAsync(string path, object body)
    {
        using var response = await Client.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public async Task<JsonObject> GetJsonAsync(string path) => (await Client.GetFromJsonAsync<JsonObject>(path))!;

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

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
    }
}

internal static class JsonAssert
{
    public static int Errcode(this JsonObject answer) => answer["errcode"]?.GetValue<int>() ?? 0;
}
