using WeComGateway.Contracts;
using WeComGateway.Storage.Leads;
using WeComGateway.Testing;
using WeComGateway.WeComApi.Message;
using static WeComGateway.Workers.Tests.Customers.Support.CustomerEvents;

namespace WeComGateway.Workers.Tests.Leads;

/// <summary>The lead pool end to end on the bus with the emulator: assignment, reminder card, conversion, timeout and reassignment.</summary>
public sealed class LeadPoolTests
{
    private static readonly LeadPoolSettings TwoEmployees = new(
        LeadPoolSettings.RoundRobin, [new LeadEmployee("zhangsan"), new LeadEmployee("lisi")], 50, TimeSpan.FromHours(24));

    private static LeadsImported Imported(string corpId, int count, DateTimeOffset at) => new() { CorpId = corpId, Count = count, ImportedBy = "test", ImportedAt = at };

    [Fact]
    public async Task An_imported_lead_is_assigned_and_its_employee_gets_one_text_card_with_the_phone_masked()
    {
        await using var worker = await LeadHarness.StartAsync();
        await worker.UseSettingsAsync(TwoEmployees);
        var id = (await worker.ImportAsync(("13800138000", "王先生", "展会")))[0];

        Assert.Null(await worker.DeliverAsync(Imported(worker.CorpId, 1, worker.Now)));

        var assigned = Assert.Single(worker.Published<LeadAssigned>());
        Assert.Equal((id, 1, "zhangsan", "138****8000", "lead-" + id, worker.Now.AddHours(24)),
            (assigned.LeadId, assigned.Attempt, assigned.UserId, assigned.MaskedPhone, assigned.State, assigned.Deadline));
        var card = Assert.Single(await worker.WeCom.MessagesAsync());
        Assert.Equal(["zhangsan"], card.DeliveredTo);
        Assert.Equal("新线索待添加：王先生", card.Title);
        Assert.Contains("138****8000", card.Description, StringComparison.Ordinal);
        Assert.Contains("展会", card.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("13800138000", card.Description + card.Title + card.Url, StringComparison.Ordinal);
        Assert.Equal($"https://example.com/leads/{worker.CorpId}/{id}", card.Url);
        var request = (await worker.WeCom.CallsAsync(WeComApis.SendMessage)).Single().Body<SendMessageRequest>();
        Assert.Equal(("zhangsan", 1000001L, "textcard"), (request.ToUser, request.AgentId, request.MessageType));
        Assert.True((await worker.Leads.GetAsync(worker.CorpId, id, default))!.Reminded);

        Assert.Null(await worker.DeliverAsync(assigned)); // a redelivery, or the scheduler republishing
        Assert.Single(await worker.WeCom.MessagesAsync());
    }

    [Fact]
    public async Task An_add_whose_remark_mobiles_hold_the_leads_phone_converts_it_once_with_the_time_to_convert()
    {
        await using var worker = await LeadHarness.StartAsync();
        await worker.UseSettingsAsync(TwoEmployees);
        var id = (await worker.ImportAsync(("13800138000", "王先生", "展会")))[0];
        var imported = worker.Now;
        Assert.Null(await worker.DeliverAsync(Imported(worker.CorpId, 1, worker.Now)));
        await worker.AdvanceAsync(TimeSpan.FromHours(3));
        await worker.WeCom.SetRemarkMobilesAsync(worker.CorpId, "wmLeadCustomer01", "zhangsan", "+86 138-0013-8000");

        var added = Added(worker.CorpId, "wmLeadCustomer01", worker.Now, userId: "zhangsan");
        Assert.Null(await worker.DeliverAsync(added));

        var converted = Assert.Single(worker.Published<LeadConverted>());
        Assert.Equal((id, "wmLeadCustomer01", "zhangsan", "zhangsan", "remark_mobile", TimeSpan.FromHours(3), imported),
            (converted.LeadId, converted.ExternalUserId, converted.UserId, converted.AssignedTo, converted.MatchedBy, converted.TimeToConvert, converted.ImportedAt));
        Assert.Equal("138****8000", converted.MaskedPhone);
        Assert.Equal(LeadStatus.Converted, (await worker.Leads.GetAsync(worker.CorpId, id, default))!.Status);
        Assert.Contains(new LeadReportRow("zhangsan", "展会", 0, 1, 1, 0), await worker.Leads.ReportAsync(worker.CorpId, default));

        await worker.AdvanceAsync(TimeSpan.FromDays(2));
        Assert.Equal(0, await worker.RunSchedulerAsync()); // converted: never due again
        Assert.Empty(worker.Published<LeadReassigned>());
    }

    [Fact]
    public async Task An_add_through_the_leads_state_converts_it_without_reading_the_customer()
    {
        await using var worker = await LeadHarness.StartAsync();
        await worker.UseSettingsAsync(TwoEmployees);
        var id = (await worker.ImportAsync(("13800138000", "王先生", "展会")))[0];

        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, "wmLeadCustomer02", worker.Now, state: "lead-" + id, userId: "lisi")));

        var converted = Assert.Single(worker.Published<LeadConverted>());
        Assert.Equal(("state", "lisi", (string?)null), (converted.MatchedBy, converted.UserId, converted.AssignedTo));
        Assert.Empty(await worker.WeCom.CallsAsync(WeComApis.GetContact));
    }

    [Fact]
    public async Task A_lead_not_added_in_time_returns_to_the_pool_and_goes_to_the_next_employee_with_the_clock_advanced()
    {
        await using var worker = await LeadHarness.StartAsync();
        await worker.UseSettingsAsync(TwoEmployees);
        var ids = await worker.ImportAsync(("13800138000", "王先生", "展会"), ("13900139000", "李女士", "官网"));
        Assert.Null(await worker.DeliverAsync(Imported(worker.CorpId, 2, worker.Now)));
        Assert.Equal(["zhangsan", "lisi"], worker.Published<LeadAssigned>().Select(a => a.UserId));
        await worker.WeCom.SetRemarkMobilesAsync(worker.CorpId, "wmLeadCustomer03", "zhangsan", "13800138000");
        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, "wmLeadCustomer03", worker.Now, userId: "zhangsan")));

        await worker.AdvanceAsync(TimeSpan.FromHours(23));
        Assert.Equal(0, await worker.RunSchedulerAsync()); // not yet
        await worker.AdvanceAsync(TimeSpan.FromHours(1));
        Assert.Equal(1, await worker.RunSchedulerAsync());

        var reassigned = Assert.Single(worker.Published<LeadReassigned>());
        Assert.Equal((ids[1], 1, "lisi", "zhangsan", "139****9000"), (reassigned.LeadId, reassigned.Attempt, reassigned.FromUserId, reassigned.ToUserId, reassigned.MaskedPhone));
        var second = worker.Published<LeadAssigned>(a => a.LeadId == ids[1] && a.Attempt == 2).Single();
        Assert.Equal(("zhangsan", worker.Now.AddHours(24)), (second.UserId, second.Deadline));
        var cards = await worker.WeCom.MessagesAsync(); // newest first; the first two went out at the same instant, in either order
        Assert.Equal("zhangsan", cards[0].Touser.Single());
        Assert.Equal(["lisi", "zhangsan"], cards.Skip(1).Select(m => m.Touser.Single()).Order(StringComparer.Ordinal));
        var lead = (await worker.Leads.GetAsync(worker.CorpId, ids[1], default))!;
        Assert.Equal((LeadStatus.Assigned, "zhangsan", 2), (lead.Status, lead.Assignee, lead.Attempt));
        Assert.Equal(["lisi"], lead.Tried);
        Assert.Contains(new LeadReportRow("lisi", "官网", 0, 1, 0, 1), await worker.Leads.ReportAsync(worker.CorpId, default));

        await worker.AdvanceAsync(TimeSpan.FromHours(24)); // every employee had it now
        Assert.Equal(1, await worker.RunSchedulerAsync());
        Assert.Equal(LeadStatus.Exhausted, (await worker.Leads.GetAsync(worker.CorpId, ids[1], default))!.Status);
        Assert.Null(worker.Published<LeadReassigned>(r => r.Attempt == 2).Single().ToUserId);
    }

    [Fact]
    public async Task A_reminder_that_failed_is_sent_again_by_the_scheduler_after_the_lease_and_only_once()
    {
        await using var worker = await LeadHarness.StartAsync();
        await worker.UseSettingsAsync(TwoEmployees);
        var id = (await worker.ImportAsync(("13800138000", "王先生", "展会")))[0];
        await worker.WeCom.FailAlwaysAsync(WeComApis.SendMessage, -1);

        Assert.Null(await worker.DeliverAsync(Imported(worker.CorpId, 1, worker.Now)));
        Assert.Single(worker.Published<MassTransit.Fault<LeadAssigned>>()); // the reminder faulted after its retries
        Assert.False((await worker.Leads.GetAsync(worker.CorpId, id, default))!.Reminded);
        await worker.WeCom.HealAsync();

        await worker.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await worker.RunSchedulerAsync()); // due at once after the assignment: the reminder is published again
        await worker.AdvanceAsync(TimeSpan.FromMinutes(10));
        await worker.RunSchedulerAsync();

        Assert.Single(await worker.WeCom.MessagesAsync());
        Assert.True((await worker.Leads.GetAsync(worker.CorpId, id, default))!.Reminded);
    }

    [Fact]
    public async Task A_grant_stored_without_the_apps_agentid_learns_it_from_get_auth_info_once()
    {
        await using var worker = await LeadHarness.StartAsync(agentId: null);
        await worker.UseSettingsAsync(TwoEmployees);
        await worker.ImportAsync(("13800138000", "王先生", "展会"));
        Assert.Null(await worker.DeliverAsync(Imported(worker.CorpId, 1, worker.Now)));
        await worker.ImportAsync(("13900139000", "李女士", "官网"));

        Assert.Null(await worker.DeliverAsync(Imported(worker.CorpId, 1, worker.Now)));

        Assert.Equal(2, (await worker.WeCom.MessagesAsync()).Count);
        Assert.Single(await worker.WeCom.CallsAsync(WeComApis.AuthInfo));
        Assert.Equal(1000001L, (await worker.Authorizations.GetAsync(worker.CorpId, LeadHarness.SuiteId, default))!.AgentId);
    }
}
