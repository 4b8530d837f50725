using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WeComGateway.Contracts;
using WeComGateway.Storage.Claims;
using WeComGateway.Storage.Customers;
using WeComGateway.Testing;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.Workers.Tests.Customers.Support;
using static WeComGateway.Workers.Tests.Customers.Support.CustomerEvents;

namespace WeComGateway.Workers.Tests.Customers;

public sealed class WelcomeTests
{
    private const string Customer = "wmWelcomeCustomer01";
    private const string DefaultWelcomeFor李雷 = "您好李雷，我是您的专属顾问，很高兴为您服务！有任何问题随时找我～";
    private const string DefaultWelcomeWithoutName = "您好，我是您的专属顾问，很高兴为您服务！有任何问题随时找我～";

    [Fact]
    public async Task New_customer_with_a_welcome_code_gets_the_default_welcome_with_their_name()
    {
        await using var worker = await AutomationHarness.StartAsync();
        await worker.WeCom.NameCustomerAsync(worker.CorpId, Customer, "李雷");
        var code = NewWelcomeCode();
        var added = Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), welcomeCode: code);

        Assert.Null(await worker.DeliverAsync(added));

        var sent = Assert.Single(await worker.WeCom.RequestsAsync<SendWelcomeMessageRequest>(WeComApis.SendWelcome));
        Assert.Equal(code, sent.WelcomeCode);
        Assert.Equal(DefaultWelcomeFor李雷, sent.Text?.Content);
        Assert.Null(sent.Attachments);
        Assert.Equal(code, Assert.Single((await worker.WeCom.StateAsync()).Welcomes).WelcomeCode); // WeCom accepted it
        Assert.Equal(Customer, Assert.Single(await worker.WeCom.CallsAsync(WeComApis.GetContact)).Query["external_userid"]);
        Assert.All(
            (await worker.WeCom.CallsAsync()).Where(c => !WeComApis.IsTokenApi(c.Api())),
            c => Assert.Equal((AutomationHarness.SuiteId, worker.CorpId), (c.SuiteId, c.CorpId)));

        var published = Assert.Single(worker.Published<WelcomeMessageSent>());
        Assert.Equal((worker.CorpId, Customer, Employee, "default", (string?)null, added.EventTime, worker.Now),
            (published.CorpId, published.ExternalUserId, published.UserId, published.TemplateId, published.RuleId, published.EventTime, published.SentAt));
        Assert.Empty(worker.Published<WelcomeMessageExpired>());
    }

    [Fact]
    public async Task Welcome_names_the_employee_when_WeCom_told_us_their_name_in_a_change_contact_event()
    {
        await using var worker = await AutomationHarness.StartAsync();
        Assert.Null(await worker.DeliverAsync(new DirectoryMemberCreated
        {
            SuiteId = AutomationHarness.SuiteId,
            CorpId = worker.CorpId,
            UserId = Employee,
            Name = "张三",
            EventTime = worker.Now,
            ReceivedAt = worker.Now,
            DedupeKey = new string('a', 64),
        }));

        await worker.WeCom.NameCustomerAsync(worker.CorpId, Customer, "李雷");
        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), welcomeCode: NewWelcomeCode())));

        var sent = Assert.Single(await worker.WeCom.RequestsAsync<SendWelcomeMessageRequest>(WeComApis.SendWelcome));
        Assert.Equal("您好李雷，我是张三，很高兴为您服务！有任何问题随时找我～", sent.Text?.Content);
    }

    [Fact]
    public async Task A_renamed_employee_keeps_their_name_and_a_deleted_one_loses_it()
    {
        await using var worker = await AutomationHarness.StartAsync();
        await worker.EmployeeNames.SetAsync(worker.CorpId, Employee, "张三", default);
        var update = new DirectoryMemberUpdated
        {
            SuiteId = AutomationHarness.SuiteId,
            CorpId = worker.CorpId,
            UserId = Employee,
            NewUserId = "zhangsan2",
            EventTime = worker.Now,
            ReceivedAt = worker.Now,
            DedupeKey = new string('b', 64),
        };

        Assert.Null(await worker.DeliverAsync(update));
        Assert.Null(await worker.EmployeeNames.GetAsync(worker.CorpId, Employee, default));
        Assert.Equal("张三", await worker.EmployeeNames.GetAsync(worker.CorpId, "zhangsan2", default));

        Assert.Null(await worker.DeliverAsync(new DirectoryMemberDeleted
        {
            SuiteId = AutomationHarness.SuiteId,
            CorpId = worker.CorpId,
            UserId = "zhangsan2",
            EventTime = worker.Now,
            ReceivedAt = worker.Now,
            DedupeKey = new string('c', 64),
        }));
        Assert.Null(await worker.EmployeeNames.GetAsync(worker.CorpId, "zhangsan2", default));
    }

    [Fact]
    public async Task Welcome_code_is_used_once_even_when_WeCom_delivers_the_event_twice()
    {
        await using var worker = await AutomationHarness.StartAsync();
        var added = Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), welcomeCode: NewWelcomeCode());

        Assert.Null(await worker.DeliverAsync(added));
        Assert.Null(await worker.DeliverAsync(added));

        Assert.Equal(1, await worker.WeCom.CountAsync(WeComApis.SendWelcome));
        Assert.Single(worker.Published<WelcomeMessageSent>());
    }

    [Fact]
    public async Task Event_older_than_the_20_second_window_is_not_welcomed_and_expires_as_window_passed()
    {
        await using var worker = await AutomationHarness.StartAsync();
        var added = Added(worker.CorpId, Customer, worker.Now.AddSeconds(-21), welcomeCode: NewWelcomeCode());

        Assert.Null(await worker.DeliverAsync(added));

        Assert.Equal(0, await worker.WeCom.CountAsync(WeComApis.SendWelcome));
        Assert.Equal(0, await worker.WeCom.CountAsync(WeComApis.GetContact));
        Assert.Empty(worker.Published<WelcomeMessageSent>());
        var expired = Assert.Single(worker.Published<WelcomeMessageExpired>());
        Assert.Equal((worker.CorpId, Customer, Employee, "window_passed", added.EventTime, worker.Now),
            (expired.CorpId, expired.ExternalUserId, expired.UserId, expired.Reason, expired.EventTime, expired.At));
    }

    [Fact]
    public async Task WeCom_saying_the_code_expired_publishes_code_expired_and_does_not_retry()
    {
        await using var worker = await AutomationHarness.StartAsync();
        await worker.WeCom.FailAsync(WeComApis.SendWelcome, 41050, errmsg: "welcome code expired");

        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), welcomeCode: NewWelcomeCode())));

        Assert.Equal(41050, Assert.Single(await worker.WeCom.CallsAsync(WeComApis.SendWelcome)).Errcode);
        Assert.Equal("code_expired", Assert.Single(worker.Published<WelcomeMessageExpired>()).Reason);
        Assert.Empty(worker.Published<WelcomeMessageSent>());
    }

    [Fact]
    public async Task Customer_already_chatting_gets_no_welcome_and_the_send_is_not_retried()
    {
        await using var worker = await AutomationHarness.StartAsync();
        await worker.WeCom.FailAsync(WeComApis.SendWelcome, 41051, errmsg: "customer already chatting");

        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), welcomeCode: NewWelcomeCode())));

        Assert.Equal(41051, Assert.Single(await worker.WeCom.CallsAsync(WeComApis.SendWelcome)).Errcode);
        Assert.Empty(worker.Published<WelcomeMessageSent>());
        Assert.Empty(worker.Published<WelcomeMessageExpired>());
    }

    [Fact]
    public async Task A_welcome_WeCom_says_is_being_distributed_is_tried_again_within_the_window_not_dead_lettered()
    {
        await using var worker = await AutomationHarness.StartAsync();
        await worker.WeCom.FailAsync(WeComApis.SendWelcome, 41096, errmsg: "welcome msg is being distributed");

        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), welcomeCode: NewWelcomeCode())));

        Assert.Equal([41096, 0], (await worker.WeCom.CallsAsync(WeComApis.SendWelcome)).Select(c => c.Errcode));
        Assert.Single(worker.Published<WelcomeMessageSent>());
        Assert.Empty(worker.Published<WelcomeMessageExpired>());
    }

    [Fact]
    public async Task Without_a_welcome_code_nothing_is_sent()
    {
        await using var worker = await AutomationHarness.StartAsync();

        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), welcomeCode: null)));

        Assert.Equal(0, await worker.WeCom.CountAsync(WeComApis.SendWelcome));
        Assert.Equal(0, await worker.WeCom.CountAsync(WeComApis.GetContact));
        Assert.Empty(worker.Published<WelcomeMessageSent>());
        Assert.Empty(worker.Published<WelcomeMessageExpired>());
    }

    [Fact]
    public async Task Welcome_is_still_sent_with_the_placeholder_default_when_the_customer_name_cannot_be_read()
    {
        await using var worker = await AutomationHarness.StartAsync();
        await worker.WeCom.NameCustomerAsync(worker.CorpId, Customer, "李雷");
        await worker.WeCom.FailAsync(WeComApis.GetContact, 84061, errmsg: "not external contact");

        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), welcomeCode: NewWelcomeCode())));

        var sent = Assert.Single(await worker.WeCom.RequestsAsync<SendWelcomeMessageRequest>(WeComApis.SendWelcome));
        Assert.Equal(DefaultWelcomeWithoutName, sent.Text?.Content);
        Assert.Single(worker.Published<WelcomeMessageSent>());
    }

    [Fact]
    public async Task WeCom_busy_once_releases_the_claim_and_the_retry_sends_the_welcome()
    {
        await using var worker = await AutomationHarness.StartAsync();
        await worker.WeCom.FailAsync(WeComApis.SendWelcome, WeComErrorCodes.SystemBusy, errmsg: "system busy");

        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), welcomeCode: NewWelcomeCode())));

        Assert.Equal([WeComErrorCodes.SystemBusy, 0], (await worker.WeCom.CallsAsync(WeComApis.SendWelcome)).Select(c => c.Errcode)); // busy, then accepted
        Assert.Single(worker.Published<WelcomeMessageSent>());
        Assert.Empty(worker.Published<WelcomeMessageExpired>());
    }

    [Fact]
    public async Task Corp_rule_set_sends_the_poster_welcome_to_customers_from_the_poster_QR_code()
    {
        await using var worker = await AutomationHarness.StartAsync();
        await worker.UseRuleSetAsync(CorpRuleSets.PosterWelcome);
        await worker.WeCom.NameCustomerAsync(worker.CorpId, Customer, "李雷");

        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), state: "poster-42", welcomeCode: NewWelcomeCode())));

        var sent = Assert.Single(await worker.WeCom.RequestsAsync<SendWelcomeMessageRequest>(WeComApis.SendWelcome));
        Assert.Equal("李雷，感谢扫码！海报专享优惠已发放～", sent.Text?.Content);
        var published = Assert.Single(worker.Published<WelcomeMessageSent>());
        Assert.Equal(("poster", "poster-welcome"), (published.TemplateId, published.RuleId));
    }

    [Fact]
    public async Task A_customer_who_bought_before_gets_the_returning_welcome_from_the_facts_customer_automation_wrote()
    {
        await using var worker = await AutomationHarness.StartAsync();
        await worker.UseRuleSetAsync(CorpRuleSets.ReturningBuyerWelcome);
        await worker.WeCom.NameCustomerAsync(worker.CorpId, Customer, "李雷");
        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-60))));
        await worker.WeCom.FailAsync(WeComApis.MarkTag, 40068, errmsg: "invalid tagid");
        Assert.NotNull(await worker.DeliverAsync(Purchase(worker.CorpId, Customer, "A-1001", 88.50m, worker.Now, "水果")));
        Assert.NotEmpty((await worker.StoredAsync(Customer)).Pending); // the refused tag change is stored beside the facts

        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), welcomeCode: NewWelcomeCode(), userId: "lisi")));

        var sent = Assert.Single(await worker.WeCom.RequestsAsync<SendWelcomeMessageRequest>(WeComApis.SendWelcome));
        Assert.Equal("李雷，欢迎回来！老顾客专享优惠已发放～", sent.Text?.Content);
        var published = Assert.Single(worker.Published<WelcomeMessageSent>());
        Assert.Equal(("returning", "returning-buyer", "lisi"), (published.TemplateId, published.RuleId, published.UserId));
    }

    [Fact]
    public async Task Claim_that_returns_after_the_window_closed_expires_the_welcome_instead_of_faulting()
    {
        // A slow claim (a Redis round trip under load) takes the clock past the 20-second window.
        await using var worker = await AutomationHarness.StartAsync((services, clock) =>
            services.AddSingleton<IClaimStore>(new SlowClaims(new InMemoryClaimStore(clock), clock, TimeSpan.FromSeconds(5))));
        var added = Added(worker.CorpId, Customer, worker.Now.AddSeconds(-18), welcomeCode: NewWelcomeCode());

        Assert.Null(await worker.DeliverAsync(added));
        Assert.Equal(0, await worker.WeCom.CountAsync(WeComApis.SendWelcome));
        Assert.Equal("window_passed", Assert.Single(worker.Published<WelcomeMessageExpired>()).Reason);
    }

    [Fact]
    public async Task The_welcome_code_never_reaches_the_logs()
    {
        await using var worker = await AutomationHarness.StartAsync();
        var code = NewWelcomeCode();
        await worker.WeCom.FailAsync(WeComApis.SendWelcome, WeComErrorCodes.SystemBusy, errmsg: "system busy");

        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), welcomeCode: code)));
        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), welcomeCode: code)));

        var logs = worker.Logs.GetSnapshot();
        Assert.NotEmpty(logs);
        Assert.DoesNotContain(logs, l => l.Message.Contains(code, StringComparison.Ordinal) || l.Exception?.ToString().Contains(code, StringComparison.Ordinal) == true);
    }

    /// <summary>Claims that take <paramref name="latency"/> of the fake clock.</summary>
    private sealed class SlowClaims(IClaimStore inner, FakeTimeProvider clock, TimeSpan latency) : IClaimStore
    {
        public async Task<ClaimOutcome> TryClaimAsync(ClaimKey key, string owner, TimeSpan pendingTtl, CancellationToken cancellationToken)
        {
            var outcome = await inner.TryClaimAsync(key, owner, pendingTtl, cancellationToken);
            clock.Advance(latency);
            return outcome;
        }

        public Task FinalizeAsync(ClaimKey key, TimeSpan keep, CancellationToken cancellationToken) =>
            inner.FinalizeAsync(key, keep, cancellationToken);

        public Task ReleaseAsync(ClaimKey key, string owner, CancellationToken cancellationToken) =>
            inner.ReleaseAsync(key, owner, cancellationToken);
    }
}
