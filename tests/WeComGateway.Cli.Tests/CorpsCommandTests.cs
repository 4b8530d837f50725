using System.Net;
using WeComGateway.Cli.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace WeComGateway.Cli.Tests;

/// <summary><c>wecomgw corps sync</c> against a stub of the admin API.</summary>
public sealed class CorpsCommandTests : IDisposable
{
    private const string Key = "admin-key-0123456789-0123456789-abcdef";
    private const string Path = "/admin/corps/wwcorp0001/backfill";

    private readonly WireMockServer _admin = WireMockServer.Start();

    public void Dispose() => _admin.Dispose();

    [Fact]
    public async Task Sync_asks_for_a_backfill_and_follows_it_until_it_is_done()
    {
        _admin.Given(Request.Create().WithPath(Path).UsingPost().WithHeader("X-Api-Key", Key))
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.Accepted)
                .WithBodyAsJson(new { corpId = "wwcorp0001", requestedAt = "2026-03-02T01:00:00+00:00", current = (object?)null }));
        _admin.Given(Request.Create().WithPath(Path).UsingGet()).InScenario("backfill").WillSetStateTo("running")
            .RespondWith(Progress("done", 3, 3, 900, 1000, 9, updatedAt: "2026-03-02T00:00:00+00:00")); // the previous backfill
        _admin.Given(Request.Create().WithPath(Path).UsingGet()).InScenario("backfill").WhenStateIs("running").WillSetStateTo("done")
            .RespondWith(Progress("running", 3, 0, 100, 100, 1, updatedAt: "2026-03-02T01:00:01+00:00"));
        _admin.Given(Request.Create().WithPath(Path).UsingGet()).InScenario("backfill").WhenStateIs("done")
            .RespondWith(Progress("done", 3, 3, 1000, 1100, 11, updatedAt: "2026-03-02T01:00:03+00:00"));

        var result = await CliRun.RunAsync(new Dictionary<string, string> { ["WECOMGW_ADMIN_API_KEY"] = Key }, "corps", "sync", "wwcorp0001", "--admin-url", _admin.Url!);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("running: follow users 0/3, 100 customers read, 100 new, 1 pages", result.Output, StringComparison.Ordinal);
        Assert.Contains("done: done: follow users 3/3, 1100 customers read, 1000 new, 11 pages", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("900 new", result.Output, StringComparison.Ordinal);
        Assert.Single(_admin.LogEntries, e => e.RequestMessage!.Method == "POST");
    }

    [Fact]
    public async Task Sync_of_a_corp_without_a_grant_fails_with_the_admin_APIs_reason()
    {
        _admin.Given(Request.Create().WithPath(Path).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.NotFound).WithHeader("Content-Type", "application/problem+json")
                .WithBody("""{"title":"not_authorized","detail":"Corp wwcorp0001 holds no active grant.","status":404}"""));

        var result = await CliRun.RunAsync("corps", "sync", "wwcorp0001", "--admin-url", _admin.Url!, "--api-key", Key);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("corp wwcorp0001 cannot be backfilled (not_authorized: Corp wwcorp0001 holds no active grant.)", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(_admin.LogEntries, e => e.RequestMessage!.Method == "GET");
    }

    [Fact]
    public async Task Sync_without_an_api_key_is_a_usage_error()
    {
        var result = await CliRun.RunAsync("corps", "sync", "wwcorp0001", "--admin-url", _admin.Url!);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("WECOMGW_ADMIN_API_KEY", result.Error, StringComparison.Ordinal);
        Assert.Empty(_admin.LogEntries);
    }

    private static IResponseBuilder Progress(string state, int followUsers, int done, long seeded, long customers, long pages, string updatedAt) =>
        Response.Create().WithStatusCode(HttpStatusCode.OK).WithBodyAsJson(new
        {
            corpId = "wwcorp0001",
            state,
            followUsers,
            followUsersDone = done,
            pages,
            customers,
            seeded,
            startedAt = "2026-03-02T01:00:00+00:00",
            updatedAt,
            error = (string?)null,
        });
}
