using MassTransit;
using WeComGateway.Contracts;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Testing;
using WeComGateway.Workers.Authorization;
using WeComGateway.Workers.Tests.Support;

namespace WeComGateway.Workers.Tests;

public sealed class AuthorizationChangedTests
{
    [Fact]
    public async Task Change_refreshes_the_stored_corp_name_and_publishes_CorpAuthorizationChanged()
    {
        await using var worker = await WorkerHarness.StartAsync();
        var corpId = await InstallAsync(worker, "水果店");
        await worker.WeCom.RenameCorpAsync(corpId, "水果连锁");

        Assert.Null(await worker.DeliverAsync(Events.Changed(corpId)));

        var stored = await worker.Store.GetAsync(corpId, WorkerHarness.SuiteId, CancellationToken.None);
        Assert.Equal("水果连锁", stored?.CorpName);
        var published = Assert.Single(worker.Harness.Published.Select<CorpAuthorizationChanged>()).Context.Message;
        Assert.Equal((corpId, "水果连锁"), (published.CorpId, published.CorpName));
    }

    [Fact]
    public async Task Change_for_a_corp_never_authorized_here_fails_with_a_typed_error_and_no_retries()
    {
        await using var worker = await WorkerHarness.StartAsync();
        var corpId = Events.NewCorpId();

        var failure = await worker.DeliverAsync(Events.Changed(corpId));

        var typed = Assert.IsType<CorpNotAuthorizedException>(failure);
        Assert.Equal(corpId, typed.CorpId);
        Assert.Empty(await worker.WeCom.CallsAsync());
        Assert.Single(worker.Harness.Consumed.Select<AuthorizationChanged>());
    }

    [Fact]
    public async Task Change_without_a_corp_id_fails_with_a_typed_error()
    {
        await using var worker = await WorkerHarness.StartAsync();

        Assert.IsType<IncompleteAuthorizationEventException>(await worker.DeliverAsync(Events.Changed(corpId: null)));
    }

    [Fact]
    public async Task Change_of_another_suite_is_an_unknown_authorization()
    {
        await using var worker = await WorkerHarness.StartAsync();
        var corpId = await InstallAsync(worker, "水果店");

        Assert.IsType<CorpNotAuthorizedException>(await worker.DeliverAsync(Events.Changed(corpId, suiteId: "wwothersuite")));
    }

    [Fact]
    public async Task A_permanent_code_WeCom_rejects_marks_the_corp_inactive_and_publishes_CorpDeauthorized()
    {
        await using var worker = await WorkerHarness.StartAsync();
        var corpId = await InstallAsync(worker, "水果店");
        await worker.WeCom.RevokeAsync(corpId);

        Assert.Null(await worker.DeliverAsync(Events.Changed(corpId)));

        var stored = await worker.Store.GetAsync(corpId, WorkerHarness.SuiteId, CancellationToken.None);
        Assert.False(stored?.Active);
        Assert.Equal("errcode 40084", stored?.InactiveReason);
        var published = Assert.Single(worker.Harness.Published.Select<CorpDeauthorized>()).Context.Message;
        Assert.Equal(CorpDeauthorizedReasons.PermanentCodeRejected, published.Reason);
        Assert.Equal(40084, Assert.Single(await worker.WeCom.CallsAsync(WeComApis.AuthInfo)).Errcode);

        // Calls for an inactive corp stop.
        Assert.Null(await worker.DeliverAsync(Events.Changed(corpId)));
        Assert.Single(await worker.WeCom.CallsAsync(WeComApis.AuthInfo));
    }

    internal static async Task<string> InstallAsync(WorkerHarness worker, string corpName, string? permanentCode = null)
    {
        var corpId = Events.NewCorpId();
        var authCode = Events.NewSecret("auth");
        await worker.WeCom.IssueAuthCodeAsync(corpId, corpName, permanentCode ?? Events.NewSecret("perm"), authCode);
        Assert.Null(await worker.DeliverAsync(Events.Created(authCode)));
        return corpId;
    }
}
