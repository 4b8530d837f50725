using WeComGateway.Automation;
using WeComGateway.Storage.Alerts;
using static WeComGateway.Workers.Tests.Customers.Support.CustomerEvents;

namespace WeComGateway.Workers.Tests.Leads;

/// <summary>删人提醒: a text card when a customer deletes an employee, at most once per customer per day.</summary>
public sealed class DeletionAlertTests
{
    private const string Customer = "wmDeletingCustomer1";

    [Fact]
    public async Task The_deleted_employee_hears_of_it_with_the_customers_name_channel_and_tags_once_a_day()
    {
        await using var worker = await LeadHarness.StartAsync();
        await worker.SeedFactsAsync(CustomerFacts.New(worker.CorpId, Customer) with
        {
            Name = "韩梅梅", Channel = "poster-42", Tags = [new TagRef("渠道", "poster-42")], ManualTags = [new TagRef("兴趣", "爱水果")],
        });

        Assert.Null(await worker.DeliverAsync(DeletedByCustomer(worker.CorpId, Customer, worker.Now, "zhangsan")));
        Assert.Null(await worker.DeliverAsync(DeletedByCustomer(worker.CorpId, Customer, worker.Now.AddHours(1), "lisi"))); // same day: no second alert

        var card = Assert.Single(await worker.WeCom.MessagesAsync());
        Assert.Equal(["zhangsan"], card.Touser);
        Assert.Equal("客户 韩梅梅 删除了 zhangsan", card.Title);
        Assert.Contains("渠道：poster-42", card.Description, StringComparison.Ordinal);
        Assert.Contains("标签：poster-42、爱水果", card.Description, StringComparison.Ordinal);

        await worker.AdvanceAsync(TimeSpan.FromDays(1));
        Assert.Null(await worker.DeliverAsync(DeletedByCustomer(worker.CorpId, Customer, worker.Now, "wangwu")));
        Assert.Equal(2, (await worker.WeCom.MessagesAsync()).Count);
    }

    [Fact]
    public async Task A_corp_that_names_managers_alerts_them_instead_and_one_that_turned_alerts_off_alerts_nobody()
    {
        await using var worker = await LeadHarness.StartAsync();
        Assert.True(await worker.AlertSettings.SaveAsync(worker.CorpId, new DeletionAlertSettings(true, DeletionAlertSettings.ManagersOnly, ["boss", "lead"]), default));

        Assert.Null(await worker.DeliverAsync(DeletedByCustomer(worker.CorpId, Customer, worker.Now, "zhangsan")));

        var card = Assert.Single(await worker.WeCom.MessagesAsync());
        Assert.Equal(["boss", "lead"], card.Touser);
        Assert.Equal("客户 客户 删除了 zhangsan", card.Title); // no facts stored: the placeholder name

        Assert.True(await worker.AlertSettings.SaveAsync(worker.CorpId, new DeletionAlertSettings(false, DeletionAlertSettings.Employee, []), default));
        Assert.Null(await worker.DeliverAsync(DeletedByCustomer(worker.CorpId, "wmOtherCustomer01", worker.Now, "zhangsan")));
        Assert.Single(await worker.WeCom.MessagesAsync());
    }

    [Fact]
    public async Task A_failed_send_releases_the_days_claim_so_the_retry_alerts()
    {
        await using var worker = await LeadHarness.StartAsync();
        await worker.WeCom.FailAsync("message/send", -1, times: 1);

        Assert.Null(await worker.DeliverAsync(DeletedByCustomer(worker.CorpId, Customer, worker.Now, "zhangsan")));

        Assert.Single(await worker.WeCom.MessagesAsync());
    }
}
