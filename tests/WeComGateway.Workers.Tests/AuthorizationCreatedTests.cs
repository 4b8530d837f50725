using MassTransit;
using WeComGateway.Contracts;
using WeComGateway.WeComApi.Tokens;
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
        worker.WeCom.IssueAuthCode(authCode, corpId, "水果店", permanentCode);

        Assert.Null(await worker.DeliverAsync(Events.Created(authCode)));

        var stored = await worker.Store.GetAsync(corpId, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(permanentCode, stored.PermanentCode);
        Assert.Equal(WorkerHarness.SuiteId, stored.SuiteId);
        Assert.Equal("水果店", stored.CorpName);
        Assert.True(stored.Active);
        Assert.Equal(TokenKey.Suite(WorkerHarness.SuiteId), Assert.Single(worker.WeCom.Calls).Token);

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
        worker.WeCom.IssueAuthCode(authCode, corpId, "水果店", Events.NewSecret("perm"));
        Assert.Null(await worker.DeliverAsync(Events.Created(authCode)));

        var redelivery = await worker.DeliverAsync(Events.Created(authCode));

        Assert.Null(redelivery);
        Assert.Equal(2, worker.WeCom.CallCount("service/get_permanent_code")); // WeCom said 40078 once; no retry loop
        Assert.Equal(2, worker.Harness.Published.Select<CorpAuthorized>().Count(m => m.Context.Message.CorpId == corpId));
        Assert.False(worker.Harness.Published.Select<Fault<AuthorizationCreated>>().Any());
    }

    [Fact]
    public async Task An_auth_code_never_exchanged_here_that_WeCom_rejects_faults_at_once_without_retries()
    {
        await using var worker = await WorkerHarness.StartAsync();

        var failure = await worker.DeliverAsync(Events.Created(Events.NewSecret("auth")));

        Assert.Contains("40078", failure?.Message, StringComparison.Ordinal);
        Assert.Equal(1, worker.WeCom.CallCount("service/get_permanent_code"));
        Assert.False(worker.Harness.Published.Select<CorpAuthorized>().Any());
    }

    [Fact]
    public async Task Busy_WeCom_is_retried_until_the_exchange_succeeds()
    {
        await using var worker = await WorkerHarness.StartAsync();
        var corpId = Events.NewCorpId();
        var authCode = Events.NewSecret("auth");
        worker.WeCom.IssueAuthCode(authCode, corpId, "水果店", Events.NewSecret("perm"));
        worker.WeCom.Failures.Enqueue(FakeWeComServiceApi.Error(-1, "system busy", "service/get_permanent_code", null));
        worker.WeCom.Failures.Enqueue(FakeWeComServiceApi.Error(45009, "api freq out of limit", "service/get_permanent_code", null));

        Assert.Null(await worker.DeliverAsync(Events.Created(authCode)));

        Assert.Equal(3, worker.WeCom.CallCount("service/get_permanent_code"));
        Assert.NotNull(await worker.Store.GetAsync(corpId, CancellationToken.None));
    }

    [Fact]
    public async Task A_configuration_error_is_not_retried()
    {
        await using var worker = await WorkerHarness.StartAsync();
        worker.WeCom.Failures.Enqueue(FakeWeComServiceApi.Error(60020, "not allow to access from your ip", "service/get_permanent_code", null));

        Assert.NotNull(await worker.DeliverAsync(Events.Created(Events.NewSecret("auth"))));

        Assert.Equal(1, worker.WeCom.CallCount("service/get_permanent_code"));
    }

    [Fact]
    public async Task Neither_the_auth_code_nor_the_permanent_code_reaches_the_logs()
    {
        await using var worker = await WorkerHarness.StartAsync();
        var corpId = Events.NewCorpId();
        var authCode = Events.NewSecret("auth");
        var permanentCode = Events.NewSecret("perm");
        var rejectedCode = Events.NewSecret("auth");
        worker.WeCom.IssueAuthCode(authCode, corpId, "水果店", permanentCode);

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
