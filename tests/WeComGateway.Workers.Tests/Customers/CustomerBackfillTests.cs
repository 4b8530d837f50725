using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeComGateway.Automation;
using WeComGateway.Contracts;
using WeComGateway.Storage.Customers;
using WeComGateway.Testing;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.Workers.Tests.Customers.Support;
using Xunit.Abstractions;

namespace WeComGateway.Workers.Tests.Customers;

/// <summary>
/// Customers who were friends of the corp's members before the install are read from WeCom (the emulator) and seeded
/// into the facts: follow users, corp tags, add time — and nobody is welcomed, tagged or moved a stage.
/// </summary>
public sealed class CustomerBackfillTests(ITestOutputHelper output)
{
    private static readonly (string Group, string Name)[] ConsoleTags = [("兴趣", "爱水果"), ("兴趣", "爱蔬菜"), ("来源", "门店")];

    [Fact]
    public async Task A_corp_with_1000_existing_customers_is_backfilled_with_their_tags_and_follow_users_and_none_is_welcomed()
    {
        await using var worker = await AutomationHarness.StartAsync();
        foreach (var (group, name) in ConsoleTags)
        {
            await worker.WeCom.AddTagAsync(worker.CorpId, group, name);
        }

        var existing = await worker.WeCom.SeedExistingCustomersAsync(worker.CorpId, 1000);
        var clock = Stopwatch.StartNew();

        Assert.Null(await worker.DeliverAsync(Installed(worker)));
        var seconds = clock.Elapsed.TotalSeconds;

        var weCom = (await worker.WeCom.StateAsync()).Customers.Where(c => c.Corpid == worker.CorpId).ToDictionary(c => c.ExternalUserid);
        Assert.Equal(existing.Order(StringComparer.Ordinal), weCom.Keys.Order(StringComparer.Ordinal));
        foreach (var id in existing)
        {
            var facts = await worker.FactsAsync(id);
            Assert.NotNull(facts);
            var inWeCom = weCom[id];
            Assert.Equal(inWeCom.FollowUsers.Select(f => f.Userid).Order(StringComparer.Ordinal), facts.FollowUsers.Order(StringComparer.Ordinal));
            Assert.Equal(
                inWeCom.FollowUsers.SelectMany(f => f.Tags).Select(t => new TagRef(t.GroupName, t.TagName)).Distinct().OrderBy(t => t.ToString(), StringComparer.Ordinal),
                facts.Tags.Concat(facts.ManualTags).OrderBy(t => t.ToString(), StringComparer.Ordinal));
            Assert.Equal(inWeCom.FollowUsers.Min(f => f.AddedAt), facts.AddedAt);
            Assert.Equal(inWeCom.Name, facts.Name);
            Assert.Null(facts.Stage);
        }

        Assert.Equal(0, await worker.WeCom.CountAsync(WeComApis.SendWelcome));
        Assert.Equal(0, await worker.WeCom.CountAsync(WeComApis.MarkTag));
        Assert.Empty(worker.Published<LifecycleStageChanged>());
        Assert.Empty(worker.Published<CustomerSegmentEntered>());
        Assert.Empty(worker.Published<WelcomeMessageSent>());

        var progress = await worker.Backfills.GetAsync(worker.CorpId, CancellationToken.None);
        var pages = await worker.WeCom.CountAsync(WeComApis.CustomersByUser);
        Assert.Equal((BackfillState.Done, 3, 3, 1000L, 1100L, (long)pages), (progress!.State, progress.FollowUsers, progress.UserOffset, progress.Seeded, progress.Customers, progress.Pages));
        Assert.Equal(11, pages); // 1,000 customers, every tenth followed by two members: 1,100 entries, 100 a page
        output.WriteLine($"backfill: {progress.Seeded} customers ({progress.Customers} entries), {progress.Pages} pages, {seconds:F2} s");
    }

    [Fact]
    public async Task A_backfill_interrupted_after_some_pages_resumes_from_the_stored_cursor_and_reads_no_page_twice()
    {
        await using var worker = await AutomationHarness.StartAsync((services, _) =>
            services.AddSingleton<ICustomerBackfillStore>(sp => new DyingAfterPage(sp.GetRequiredService<InMemoryCustomerBackfillStore>(), page: 3)));
        await worker.WeCom.AddTagAsync(worker.CorpId, "兴趣", "爱水果");
        var existing = await worker.WeCom.SeedExistingCustomersAsync(worker.CorpId, 450, ["zhangsan", "lisi"]);

        Assert.Null(await worker.DeliverAsync(Requested(worker.CorpId)));

        var pages = await worker.WeCom.CallsAsync(WeComApis.CustomersByUser);
        var cursors = pages.Select(c => c.Body<CustomersByUserRequest>().Cursor).ToList();
        Assert.Equal(5, pages.Count); // 495 entries, 100 a page: each read once although the run died after the third
        Assert.Equal(cursors.Count, cursors.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(2, await worker.WeCom.CountAsync(WeComApis.FollowUserList)); // the first attempt and the resumed one
        Assert.Contains(worker.Logs.GetSnapshot(), r => r.Message.Contains("backfill resuming", StringComparison.Ordinal) && r.Message.Contains("after 3 pages", StringComparison.Ordinal));
        var progress = await worker.Backfills.GetAsync(worker.CorpId, CancellationToken.None);
        Assert.Equal((BackfillState.Done, 5L, 450L), (progress!.State, progress.Pages, progress.Seeded));
        foreach (var id in existing)
        {
            Assert.NotNull(await worker.FactsAsync(id));
        }
    }

    [Fact]
    public async Task A_customer_already_known_keeps_their_facts_and_gains_the_follow_users_and_tags_they_have_in_WeCom()
    {
        await using var worker = await AutomationHarness.StartAsync();
        await worker.WeCom.AddTagAsync(worker.CorpId, "兴趣", "爱水果");
        var id = (await worker.WeCom.SeedExistingCustomersAsync(worker.CorpId, 1, ["zhangsan"]))[0];
        var known = CustomerFacts.New(worker.CorpId, id) with
        {
            FollowUsers = ["lisi"],
            Tags = [new TagRef("客户阶段", "新客户")],
            Stage = "新客户",
            PurchaseCount = 2,
            AddedAt = worker.Now,
        };
        await worker.SeedFactsAsync(known);

        Assert.Null(await worker.DeliverAsync(Requested(worker.CorpId)));

        var facts = await worker.FactsAsync(id);
        var addedInWeCom = (await worker.WeCom.StateAsync()).Customers.Single(c => c.ExternalUserid == id).FollowUsers.Single().AddedAt;
        Assert.Equal(["lisi", "zhangsan"], facts!.FollowUsers);
        Assert.Equal([new TagRef("客户阶段", "新客户")], facts.Tags);
        Assert.Equal([new TagRef("兴趣", "爱水果")], facts.ManualTags); // set by an employee before the install
        Assert.Equal(("新客户", 2, addedInWeCom), (facts.Stage, facts.PurchaseCount, facts.AddedAt));
        Assert.Equal(0, await worker.WeCom.CountAsync(WeComApis.MarkTag));
        Assert.Empty(worker.Published<LifecycleStageChanged>());
    }

    [Fact]
    public async Task A_second_request_while_a_backfill_runs_joins_it_instead_of_reading_WeCom_again()
    {
        await using var worker = await AutomationHarness.StartAsync();
        await worker.WeCom.SeedExistingCustomersAsync(worker.CorpId, 150);
        await worker.WeCom.SlowAsync(WeComApis.CustomersByUser, TimeSpan.FromMinutes(10)); // the first page hangs until released (the emulator's clock stands still)

        var first = Requested(worker.CorpId);
        await worker.Harness.Bus.Publish(first);
        await Eventually.HoldsAsync(async () => await worker.WeCom.CountAsync(WeComApis.CustomersByUser) == 1, "the first backfill to ask for its first page");
        Assert.Null(await worker.DeliverAsync(Requested(worker.CorpId)));
        await worker.WeCom.ReleaseAsync();
        await Eventually.HoldsAsync(
            async () => (await worker.Backfills.GetAsync(worker.CorpId, CancellationToken.None))?.State == BackfillState.Done, "the first backfill to finish");

        Assert.Equal(2, await worker.WeCom.CountAsync(WeComApis.CustomersByUser)); // 165 entries: two pages, read once
        Assert.Equal(1, await worker.WeCom.CountAsync(WeComApis.FollowUserList));
        Assert.Contains(worker.Logs.GetSnapshot(), r => r.Level == LogLevel.Information && r.Message.Contains("already running", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_corp_without_a_grant_is_refused_clearly_and_WeCom_is_not_asked()
    {
        await using var worker = await AutomationHarness.StartAsync();
        var stranger = "ww" + Guid.NewGuid().ToString("N")[..16];
        await worker.WeCom.AuthorizeAsync(stranger);
        await worker.WeCom.SeedExistingCustomersAsync(stranger, 10);

        Assert.Null(await worker.DeliverAsync(Requested(stranger)));

        Assert.Equal(0, await worker.WeCom.CountAsync(WeComApis.FollowUserList));
        Assert.Equal(0, await worker.WeCom.CountAsync(WeComApis.CustomersByUser));
        Assert.Null(await worker.Backfills.GetAsync(stranger, CancellationToken.None));
        var refusal = Assert.Single(worker.Logs.GetSnapshot(), r => r.Message.Contains("backfill refused", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, refusal.Level);
        Assert.Contains(stranger, refusal.Message, StringComparison.Ordinal);
        Assert.Contains("holds no active grant", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_installation_of_a_corp_backfilled_already_does_not_read_its_customers_again()
    {
        await using var worker = await AutomationHarness.StartAsync();
        await worker.WeCom.SeedExistingCustomersAsync(worker.CorpId, 20);
        Assert.Null(await worker.DeliverAsync(Installed(worker)));

        Assert.Null(await worker.DeliverAsync(Installed(worker)));
        Assert.Equal(1, await worker.WeCom.CountAsync(WeComApis.CustomersByUser));

        Assert.Null(await worker.DeliverAsync(Requested(worker.CorpId))); // on request it runs again
        Assert.Equal(2, await worker.WeCom.CountAsync(WeComApis.CustomersByUser));
    }

    private static CorpAuthorized Installed(AutomationHarness worker) => new()
    {
        SuiteId = AutomationHarness.SuiteId,
        CorpId = worker.CorpId,
        AuthorizedAt = worker.Now,
        Reason = CorpAuthorizedReasons.Created,
    };

    private static CustomerBackfillRequested Requested(string corpId) => new() { CorpId = corpId, RequestedBy = "test", RequestedAt = DateTimeOffset.UtcNow };

    /// <summary>The worker dies right after storing page <c>page</c> (once): the message is delivered again.</summary>
    private sealed class DyingAfterPage(ICustomerBackfillStore inner, int page) : ICustomerBackfillStore
    {
        private int _died;

        public Task<BackfillProgress?> GetAsync(string corpId, CancellationToken cancellationToken) => inner.GetAsync(corpId, cancellationToken);

        public Task<BackfillStart> StartAsync(string corpId, string runId, bool again, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
            inner.StartAsync(corpId, runId, again, now, lease, cancellationToken);

        public async Task<bool> SaveAsync(string corpId, BackfillProgress progress, CancellationToken cancellationToken)
        {
            var saved = await inner.SaveAsync(corpId, progress, cancellationToken);
            if (progress.Pages == page && Interlocked.Exchange(ref _died, 1) == 0)
            {
                throw new IOException("the worker died after storing the page");
            }

            return saved;
        }
    }
}
