using MassTransit;
using WeComGateway.Contracts;
using WeComGateway.Testing;
using WeComGateway.Workers.Tests.Support;

namespace WeComGateway.Workers.Tests;

public sealed class AuthorizationCreatedTests
{
    [Fact]
    public async Task Install_stores_the_permanent_code_and_publishes_CorpAuthorized_without_it()
    {
        await using var worker = await WorkerHarness.StartAsync();
        var corpId = Events.NewCorpId();
        var authCode = Events.NewSecret("auth");
        var permanentCode = Events.NewSecret("perm");
        await worker.WeCom.IssueAuthCodeAsync(corpId, "水果店", permanentCode, authCode);

        Assert.Null(await worker.DeliverAsync(Events.Created(authCode)));

        var stored = await worker.Store.GetAsync(corpId, WorkerHarness.SuiteId, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(permanentCode, stored.PermanentCode);
        Assert.Equal(WorkerHarness.SuiteId, stored.SuiteId);
        Assert.Equal("水果店", stored.CorpName);
        Assert.True(stored.Active);
        var exchange = Assert.Single(await worker.CallsAsync());
        Assert.Equal((WeComApis.PermanentCode, WorkerHarness.SuiteId), (exchange.Api(), exchange.SuiteId)); // with the suite's token

        var published = Assert.Single(worker.Harness.Published.Select<CorpAuthorized>()).Context.Message;
        Assert.Equal((WorkerHarness.SuiteId, corpId, "水果店", CorpAuthorizedReasons.Created),
            (published.SuiteId, published.CorpId, published.CorpName, published.Reason));
        Assert.Equal(stored.AuthorizedAt, published.AuthorizedAt);
    }

    [Fact]
    public async Task Redelivered_install_after_the_code_was_used_succeeds_instead_of_looping()
    {
        await using var worker = await WorkerHarness.StartAsync();
        var corpId = Events.NewCorpId();
        var authCode = Events.NewSecret("auth");
        await worker.WeCom.IssueAuthCodeAsync(corpId, "水果店", Events.NewSecret("perm"), authCode);
        Assert.Null(await worker.DeliverAsync(Events.Created(authCode)));

        var redelivery = await worker.DeliverAsync(Events.Created(authCode));

        Assert.Null(redelivery);
        Assert.Equal([0, 40078], (await worker.CallsAsync(WeComApis.PermanentCode)).Select(c => c.Errcode)); // no retry loop
        Assert.Equal(2, worker.Harness.Published.Select<CorpAuthorized>().Count(m => m.Context.Message.CorpId == corpId));
        Assert.False(worker.Harness.Published.Select<Fault<AuthorizationCreated>>().Any());
    }

    [Fact]
    public async Task An_auth_code_never_exchanged_here_that_WeCom_rejects_faults_at_once_without_retries()
    {
        await using var worker = await WorkerHarness.StartAsync();

        var failure = await worker.DeliverAsync(Events.Created(Events.NewSecret("auth")));

        Assert.Contains("40078", failure?.Message, StringComparison.Ordinal);
        Assert.Equal(1, await worker.WeCom.CountAsync(WeComApis.PermanentCode));
        Assert.False(worker.Harness.Published.Select<CorpAuthorized>().Any());
    }

    [Fact]
    public async Task Busy_WeCom_is_retried_until_the_exchange_succeeds()
    {
        await using var worker = await WorkerHarness.StartAsync();
        var corpId = Events.NewCorpId();
        var authCode = Events.NewSecret("auth");
        await worker.WeCom.IssueAuthCodeAsync(corpId, "水果店", Events.NewSecret("perm"), authCode);
        await worker.WeCom.FailAsync(WeComApis.PermanentCode, -1, errmsg: "system busy");
        await worker.WeCom.FailAsync(WeComApis.PermanentCode, 45009, errmsg: "api freq out of limit");

        Assert.Null(await worker.DeliverAsync(Events.Created(authCode)));

        Assert.Equal([-1, 45009, 0], (await worker.CallsAsync(WeComApis.PermanentCode)).Select(c => c.Errcode));
        Assert.NotNull(await worker.Store.GetAsync(corpId, WorkerHarness.SuiteId, CancellationToken.None));
    }

    [Fact]
    public async Task A_configuration_error_is_not_retried()
    {
        await using var worker = await WorkerHarness.StartAsync();
        var authCode = await worker.WeCom.IssueAuthCodeAsync(Events.NewCorpId(), "水果店");
        await worker.WeCom.FailAsync(WeComApis.PermanentCode, 60020, errmsg: "not allow to access from your ip");

        Assert.NotNull(await worker.DeliverAsync(Events.Created(authCode)));

        Assert.Equal(1, await worker.WeCom.CountAsync(WeComApis.PermanentCode));
    }

    [Fact]
    public async Task Neither_the_auth_code_nor_the_permanent_code_reaches_the_logs()
    {
        await using var worker = await WorkerHarness.StartAsync();
        var corpId = Events.NewCorpId();
        var authCode = Events.NewSecret("auth");
        var permanentCode = Events.NewSecret("perm");
        var rejectedCode = Events.NewSecret("auth");
        await worker.WeCom.IssueAuthCodeAsync(corpId, "水果店", permanentCode, authCode);

        await worker.DeliverAsync(Events.Created(authCode));
        await worker.DeliverAsync(Events.Created(authCode));
        await worker.DeliverAsync(Events.Created(rejectedCode));
        await worker.DeliverAsync(Events.Changed(corpId));

        var logged = worker.Logs.GetSnapshot()
            .Select(r => $"{r.Message} {r.Exception} {string.Join(' ', r.StructuredState?.Select(s => s.Value) ?? [])}")
            .ToList();
        Assert.NotEmpty(logged);
        Assert.Contains(logged, l => l.Contains(corpId, StringComparison.Ordinal));
        foreach (var secret in new[] { authCode, permanentCode, rejectedCode })
        {
            Assert.DoesNotContain(logged, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }
}
