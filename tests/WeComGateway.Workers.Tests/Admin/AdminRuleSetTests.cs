using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Automation;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Customers;
using WeComGateway.Workers.Tests.Support;

namespace WeComGateway.Workers.Tests.Admin;

/// <summary>
/// The admin API for per-corp rule sets, as the worker host serves it: API key first, then validation of the whole set
/// before it is stored.
/// </summary>
public sealed class AdminRuleSetTests
{
    private const string Key = "admin-key-0123456789-0123456789-abcdef";
    private const string CorpId = "wwadmincorp00001";

    private static readonly string FruitRules = """
        {
          "name": "水果铺",
          "rules": [
            { "id": "fruit-lover", "when": { "event": "purchase_recorded", "boughtCategory": "水果" }, "then": { "addTags": [ { "group": "兴趣", "name": "爱水果" } ] } }
          ]
        }
        """;

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-key-0123456789-0123456789-abcdef")]
    [InlineData("admin-key-0123456789-0123456789-abcde")]
    public async Task A_request_without_the_right_key_is_refused_with_401_and_stores_nothing(string? presented)
    {
        await using var app = Host(("Admin:ApiKeys:0", Key));

        using var response = await Send(app, HttpMethod.Put, $"/admin/corps/{CorpId}/rules", FruitRules, presented);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(await Store(app).GetAsync(CorpId, default));
        Assert.Contains("Admin PUT", app.LogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_no_key_configured_the_admin_API_refuses_everyone()
    {
        await using var app = Host();

        using var response = await Send(app, HttpMethod.Get, $"/admin/corps/{CorpId}/rules", body: null, key: "");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_configured_key_shorter_than_32_characters_is_never_accepted()
    {
        await using var app = Host(("Admin:ApiKeys:0", "short-key"));

        using var response = await Send(app, HttpMethod.Get, $"/admin/corps/{CorpId}/rules", body: null, key: "short-key");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_valid_rule_set_is_stored_read_back_and_deleted()
    {
        await using var app = Host(("Admin:ApiKeys:0", "another-key-that-is-long-enough-000000"), ("Admin:ApiKeys:1", Key));
        await AuthorizeAsync(app);

        using var put = await Send(app, HttpMethod.Put, $"/admin/corps/{CorpId}/rules", FruitRules, Key);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using var summary = JsonDocument.Parse(await put.Content.ReadAsStringAsync());
        Assert.Equal("水果铺", summary.RootElement.GetProperty("name").GetString());
        Assert.Equal(1, summary.RootElement.GetProperty("rules").GetInt32());
        Assert.Equal(FruitRules, await Store(app).GetAsync(CorpId, default));

        using var get = await Send(app, HttpMethod.Get, $"/admin/corps/{CorpId}/rules", null, Key);
        Assert.Equal(FruitRules, await get.Content.ReadAsStringAsync());

        using var delete = await Send(app, HttpMethod.Delete, $"/admin/corps/{CorpId}/rules", null, Key);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        using var gone = await Send(app, HttpMethod.Get, $"/admin/corps/{CorpId}/rules", null, Key);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task An_invalid_rule_set_is_refused_whole_naming_the_rule_and_the_field_and_the_previous_one_stays()
    {
        await using var app = Host(("Admin:ApiKeys:0", Key));
        await AuthorizeAsync(app);
        using var first = await Send(app, HttpMethod.Put, $"/admin/corps/{CorpId}/rules", FruitRules, Key);
        var typo = FruitRules.Replace("\"boughtCategory\"", "\"boughtCategori\"", StringComparison.Ordinal);

        using var refused = await Send(app, HttpMethod.Put, $"/admin/corps/{CorpId}/rules", typo, Key);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadAsStringAsync();
        Assert.Contains("fruit-lover", problem, StringComparison.Ordinal);
        Assert.Contains("boughtCategori", problem, StringComparison.Ordinal);
        Assert.Equal(FruitRules, await Store(app).GetAsync(CorpId, default));
    }

    [Fact]
    public async Task Validate_checks_a_rule_set_without_storing_it()
    {
        await using var app = Host(("Admin:ApiKeys:0", Key));

        using var valid = await Send(app, HttpMethod.Post, "/admin/rules/validate", FruitRules, Key);
        using var invalid = await Send(app, HttpMethod.Post, "/admin/rules/validate", "{ \"rules\": [ { \"id\": \"x\", \"then\": { \"moveToStage\": \"nowhere\" } } ] }", Key);

        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Null(await Store(app).GetAsync(CorpId, default));
    }

    [Fact]
    public async Task The_shipped_default_rule_set_validates()
    {
        await using var app = Host(("Admin:ApiKeys:0", Key));
        await using var resource = typeof(RuleSet).Assembly.GetManifestResourceStream("WeComGateway.Automation.default-rules.json")!;
        var json = await new StreamReader(resource).ReadToEndAsync();

        using var response = await Send(app, HttpMethod.Post, "/admin/rules/validate", json, Key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static WorkerApplication Host(params (string Key, string? Value)[] settings) => new(settings);

    [Fact]
    public async Task A_rule_set_for_a_corp_that_holds_no_grant_is_refused_with_404_and_stores_nothing()
    {
        await using var app = Host(("Admin:ApiKeys:0", Key));

        using var put = await Send(app, HttpMethod.Put, $"/admin/corps/{CorpId}/rules", FruitRules, Key);

        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Contains("holds no grant", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await Store(app).GetAsync(CorpId, default));
    }

    private static IRuleSetStore Store(WorkerApplication app) => app.Services.GetRequiredService<IRuleSetStore>();

    /// <summary>The gateway keeps a corp's rules only while the corp holds a grant.</summary>
    private static Task AuthorizeAsync(WorkerApplication app) =>
        app.Services.GetRequiredService<IAuthorizationStore>().SaveAsync(
            new CorpAuthorization(CorpId, "wwsuite-admin", "permanent-code", null, DateTimeOffset.UtcNow), default);

    private static async Task<HttpResponseMessage> Send(WorkerApplication app, HttpMethod method, string path, string? body, string? key)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await app.CreateClient().SendAsync(request);
    }
}
