using WeComGateway.Contracts;
using WeComGateway.Workers.Tests.Support;

namespace WeComGateway.Workers.Tests;

public sealed class AuthorizationCancelledTests
{
    [Fact]
    public async Task Uninstall_deletes_the_authorization_and_publishes_CorpDeauthorized()
    {
        await using var worker = await WorkerHarness.StartAsync();
        var corpId = await AuthorizationChangedTests.InstallAsync(worker, "水果店");
        var otherCorp = await AuthorizationChangedTests.InstallAsync(worker, "花店");

        Assert.Null(await worker.DeliverAsync(Events.Cancelled(corpId)));

        Assert.Null(await worker.Store.GetAsync(corpId, WorkerHarness.SuiteId, CancellationToken.None));
        Assert.NotNull(await worker.Store.GetAsync(otherCorp, WorkerHarness.SuiteId, CancellationToken.None));
        var published = Assert.Single(worker.Harness.Published.Select<CorpDeauthorized>()).Context.Message;
        Assert.Equal((WorkerHarness.SuiteId, corpId, CorpDeauthorizedReasons.Cancelled), (published.SuiteId, published.CorpId, published.Reason));
    }

    [Fact]
    public async Task A_redelivered_uninstall_is_harmless()
    {
        await using var worker = await WorkerHarness.StartAsync();
        var corpId = await AuthorizationChangedTests.InstallAsync(worker, "水果店");
        Assert.Null(await worker.DeliverAsync(Events.Cancelled(corpId)));

        Assert.Null(await worker.DeliverAsync(Events.Cancelled(corpId)));

        Assert.Null(await worker.Store.GetAsync(corpId, WorkerHarness.SuiteId, CancellationToken.None));
    }

    [Fact]
    public async Task Uninstalling_another_suite_keeps_this_suites_authorization()
    {
        await using var worker = await WorkerHarness.StartAsync();
        var corpId = await AuthorizationChangedTests.InstallAsync(worker, "水果店");

        Assert.Null(await worker.DeliverAsync(Events.Cancelled(corpId, suiteId: "wwothersuite")));

        Assert.NotNull(await worker.Store.GetAsync(corpId, WorkerHarness.SuiteId, CancellationToken.None));
        Assert.Empty(worker.Harness.Published.Select<CorpDeauthorized>());
    }
}
