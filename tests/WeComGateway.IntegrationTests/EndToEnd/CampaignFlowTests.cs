using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Automation;
using WeComGateway.Contracts;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Campaigns;
using WeComGateway.Storage.Customers;
using WeComGateway.Storage.Tickets;
using WeComGateway.Testing;
using WeComGateway.Workers.Customers;

namespace WeComGateway.IntegrationTests.EndToEnd;

/// <summary>
/// A campaign through the real bus and Redis, the worker host running its scheduler: the schedule's step delivered
/// three more times at once (copies racing the scheduler's own) creates one WeCom task per employee; the members send,
/// and <see cref="CampaignDelivered"/> goes out once with every customer sent.
/// </summary>
[Collection(RealServicesCollection.Name)]
public sealed class CampaignFlowTests
{
    [Fact]
    public async Task A_redelivered_schedule_creates_one_task_per_employee_and_the_campaign_is_delivered_once()
    {
        var suite = TestSuite.Fresh();
        await using var wecom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        var settings = WorkerProcess.Settings(suite, wecom, extra:
        [
            ("Campaigns:Interval", "00:00:01"),
            ("Campaigns:InitialDelay", "00:00:01"),
            ("Campaigns:FirstPoll", "00:00:01"),
            ("Campaigns:MaxPoll", "00:00:02"),
        ]);
        await using var subscriber = await PlainSubscriber.BindAsync(["WeComGateway.Contracts:CampaignTaskCreated", "WeComGateway.Contracts:CampaignDelivered"]);
        await subscriber.StartConsumingAsync();
        await using var worker = await WorkerProcess.StartAsync(settings);
        var now = DateTimeOffset.UtcNow;
        await worker.Services.GetRequiredService<IAuthorizationStore>().SaveAsync(
            new CorpAuthorization(suite.CorpId, suite.SuiteId, await wecom.AuthorizeAsync(suite.CorpId, "水果铺"), "水果铺", now), default);
        await worker.Services.GetRequiredService<ISuiteTicketStore>().SaveAsync(suite.SuiteId, new SuiteTicket("ticket-campaign", now, now), default);
        var fruit = new TagRef("兴趣", "爱水果");
        var facts = worker.Services.GetRequiredService<ICustomerFactsStore>();
        foreach (var (employee, count) in new[] { ("zhangsan", 2), ("lisi", 1) })
        {
            foreach (var id in await wecom.SeedExistingCustomersAsync(suite.CorpId, count, [employee]))
            {
                var customer = CustomerFacts.New(suite.CorpId, id) with { FollowUsers = [employee], Tags = [fruit] };
                Assert.True(await facts.TryWriteAsync(suite.CorpId, id, 0, CustomerFactsRepository.Serialize(customer, []), null, default));
            }
        }

        var definition = new CampaignDefinition
        {
            Audience = new CampaignAudience { Tags = new CampaignTagFilter { Any = [fruit] } },
            Content = new CampaignContent { Text = "今天的橙子到了" },
        };
        var campaigns = worker.Services.GetRequiredService<ICampaignStore>();
        Assert.Equal(CampaignCreateOutcome.Created, await campaigns.CreateAsync(
            suite.CorpId, new CampaignRecord { Id = "fruit", Name = "爱水果", Definition = definition.ToJson(), CreatedAt = now, SendAt = now }, default));
        var step = new CampaignDue { CorpId = suite.CorpId, CampaignId = "fruit", DueAt = now };
        var bus = worker.Services.GetRequiredService<IBus>();
        await Task.WhenAll(bus.Publish(step), bus.Publish(step), bus.Publish(step)); // copies racing the scheduler's step

        bool OfCorp(PlainSubscriber.Received m) => m.Message.GetProperty("corpId").GetString() == suite.CorpId;
        await subscriber.WaitForAsync(m => m.Exchange.EndsWith(":CampaignTaskCreated", StringComparison.Ordinal) && OfCorp(m), 2, TimeSpan.FromSeconds(30));
        await Eventually.HoldsAsync(
            async () => (await campaigns.GetAsync(suite.CorpId, "fruit", default))?.Campaign.Status == CampaignStatuses.Tracking,
            "the campaign tracking its tasks", Eventually.Say(worker.LogText));
        var messages = (await wecom.GroupMessagesAsync()).Where(m => m.Corpid == suite.CorpId).ToList();
        Assert.Equal(["lisi", "zhangsan"], messages.Select(m => m.Creator).Order(StringComparer.Ordinal));

        Assert.Equal(2, await wecom.ConfirmGroupMessageAsync(suite.CorpId, null)); // both members tap send

        var delivered = await subscriber.WaitForAsync(m => m.Exchange.EndsWith(":CampaignDelivered", StringComparison.Ordinal) && OfCorp(m), 1, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2)); // time for a wrong second task or delivery to show
        await subscriber.SettleAsync();
        Assert.Equal(2, (await wecom.GroupMessagesAsync()).Count(m => m.Corpid == suite.CorpId));
        Assert.Equal(2, subscriber.Messages.Where(m => m.Exchange.EndsWith(":CampaignTaskCreated", StringComparison.Ordinal) && OfCorp(m)).Select(m => m.MessageId).Distinct().Count());
        Assert.Single(subscriber.Messages.Where(m => m.Exchange.EndsWith(":CampaignDelivered", StringComparison.Ordinal) && OfCorp(m)).Select(m => m.MessageId).Distinct());
        var summary = delivered[0].Message;
        Assert.Equal(("all_sent", 3, 3, 0), (summary.GetProperty("reason").GetString(), summary.GetProperty("audience").GetInt32(), summary.GetProperty("sent").GetInt32(), summary.GetProperty("unsent").GetInt32()));
        var month = (await campaigns.GetAsync(suite.CorpId, "fruit", default))!.Plan!.Month;
        var ids = messages.SelectMany(m => m.Members.SelectMany(p => p.Customers.Select(c => c.ExternalUserid))).ToList();
        Assert.All((await campaigns.MonthlyCountsAsync(suite.CorpId, month, ids, default)).Values, n => Assert.Equal(1, n));
    }
}
