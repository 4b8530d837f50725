using WeComGateway.Contracts;
using WeComGateway.Storage.Tokens;
using WeComGateway.WeComApi.Tokens;
using WeComGateway.Workers.Tests.Support;

namespace WeComGateway.Workers.Tests;

public sealed class PermanentCodeResetTests
{
    [Fact]
    public async Task Secret_reset_replaces_the_code_drops_the_old_corp_token_and_publishes_CorpAuthorized_reset()
    {
        await using var worker = await WorkerHarness.StartAsync();
        var corpId = await AuthorizationChangedTests.InstallAsync(worker, "代开发客户");
        var tokenKey = TokenKey.Corp(WorkerHarness.SuiteId, corpId);
        await worker.Tokens.SetAsync(tokenKey.CacheKey, new CachedToken("token-made-with-the-old-secret", DateTimeOffset.UtcNow.AddHours(1)), CancellationToken.None);
        var newSecret = Events.NewSecret("perm");
        var resetCode = await worker.WeCom.IssueAuthCodeAsync(corpId, "代开发客户", newSecret);

        Assert.Null(await worker.DeliverAsync(Events.Reset(resetCode))); // the event names no corp

        Assert.Equal(newSecret, (await worker.Store.GetAsync(corpId, WorkerHarness.SuiteId, CancellationToken.None))?.PermanentCode);
        Assert.Equal((tokenKey.CacheKey, "token-made-with-the-old-secret"), Assert.Single(worker.Tokens.Invalidated));
        Assert.Null(await worker.Tokens.GetAsync(tokenKey.CacheKey, CancellationToken.None));
        var reset = Assert.Single(worker.Harness.Published.Select<CorpAuthorized>(), m => m.Context.Message.Reason == CorpAuthorizedReasons.Reset);
        Assert.Equal(corpId, reset.Context.Message.CorpId);
    }

    [Fact]
    public async Task A_redelivered_reset_succeeds_with_the_stored_code()
    {
        await using var worker = await WorkerHarness.StartAsync();
        var corpId = await AuthorizationChangedTests.InstallAsync(worker, "代开发客户");
        var newSecret = Events.NewSecret("perm");
        var resetCode = await worker.WeCom.IssueAuthCodeAsync(corpId, "代开发客户", newSecret);
        Assert.Null(await worker.DeliverAsync(Events.Reset(resetCode)));

        Assert.Null(await worker.DeliverAsync(Events.Reset(resetCode)));

        Assert.Equal(newSecret, (await worker.Store.GetAsync(corpId, WorkerHarness.SuiteId, CancellationToken.None))?.PermanentCode);
        Assert.Equal(2, worker.Harness.Published.Select<CorpAuthorized>().Count(m => m.Context.Message.Reason == CorpAuthorizedReasons.Reset));
    }

    [Fact]
    public async Task Reset_with_no_cached_token_has_nothing_to_drop()
    {
        await using var worker = await WorkerHarness.StartAsync();
        var corpId = Events.NewCorpId();
        var resetCode = await worker.WeCom.IssueAuthCodeAsync(corpId, "代开发客户", Events.NewSecret("perm"));

        Assert.Null(await worker.DeliverAsync(Events.Reset(resetCode)));

        Assert.Empty(worker.Tokens.Invalidated);
        Assert.NotNull(await worker.Store.GetAsync(corpId, WorkerHarness.SuiteId, CancellationToken.None));
    }
}
