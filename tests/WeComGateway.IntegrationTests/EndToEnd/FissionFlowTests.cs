using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Callbacks;
using WeComGateway.Contracts;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Fission;
using WeComGateway.Testing;

namespace WeComGateway.IntegrationTests.EndToEnd;

/// <summary>
/// Fission crediting through the real bus and Redis, the worker host consuming: the same add delivered twice, a
/// delete that overtakes its add, and a redelivery after the goal — each credit counted once, the goal published once.
/// </summary>
[Collection(RealServicesCollection.Name)]
public sealed class FissionFlowTests
{
    [Fact]
    public async Task Duplicated_and_out_of_order_events_credit_exactly_once_and_the_goal_is_published_once()
    {
        var suite = TestSuite.Fresh();
        await using var wecom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        var settings = WorkerProcess.Settings(suite, wecom);
        await using var subscriber = await PlainSubscriber.BindAsync(["WeComGateway.Contracts:FissionGoalReached", "WeComGateway.Contracts:FissionCreditChanged"]);
        await subscriber.StartConsumingAsync();
        await using var worker = await WorkerProcess.StartAsync(settings);
        var now = DateTimeOffset.UtcNow;
        await worker.Services.GetRequiredService<IAuthorizationStore>().SaveAsync(
            new CorpAuthorization(suite.CorpId, suite.SuiteId, await wecom.AuthorizeAsync(suite.CorpId, "水果铺"), "水果铺", now), default);
        var fission = worker.Services.GetRequiredService<IFissionStore>();
        var campaign = new FissionCampaign("spring", "春季裂变", "fis-", 2, "礼盒", ["zhangsan"], now.AddHours(-1), now.AddDays(7), TimeSpan.FromMinutes(30), now);
        Assert.Equal(FissionCampaignCreateResult.Created, await fission.CreateCampaignAsync(suite.CorpId, campaign, default));
        var inviter = EventXml.NewId("wm");
        var state = (await fission.JoinAsync(suite.CorpId, "spring", inviter, "fis-" + inviter[^6..], now, default)).Participant!.State!;
        var bus = worker.Services.GetRequiredService<IBus>();
        var (a, b, c) = (EventXml.NewId("wm"), EventXml.NewId("wm"), EventXml.NewId("wm"));

        var addA = Added(suite, a, state, now.AddSeconds(-20));
        await bus.Publish(addA);
        await bus.Publish(addA); // the same event again (a redelivery, WeCom's retry relayed twice)
        await bus.Publish(Deleted(suite, b)); // b's delete overtakes b's add
        await bus.Publish(Added(suite, b, state, now.AddSeconds(-10)));
        await bus.Publish(Added(suite, c, state, now.AddSeconds(-5)));

        bool GoalOfCorp(PlainSubscriber.Received m) =>
            m.Exchange.EndsWith(":FissionGoalReached", StringComparison.Ordinal) && m.Message.GetProperty("corpId").GetString() == suite.CorpId;
        var goal = (await subscriber.WaitForAsync(GoalOfCorp, 1, TimeSpan.FromSeconds(30)))[0];
        Assert.Equal(inviter, goal.Message.GetProperty("participantId").GetString());
        await bus.Publish(Added(suite, c, state, now.AddSeconds(-5))); // once more after the goal
        await Eventually.HoldsAsync(
            async () => (await fission.GetParticipantAsync(suite.CorpId, "spring", inviter, default))!.Credited == 2 && subscriber.Messages.Count(m => m.Exchange.EndsWith(":FissionCreditChanged", StringComparison.Ordinal)) >= 2,
            "two credits",
            Eventually.Say(worker.LogText));
        await subscriber.SettleAsync();

        var participant = await fission.GetParticipantAsync(suite.CorpId, "spring", inviter, default);
        Assert.Equal((2L, true), (participant!.Credited, participant.GoalReached)); // a and c; b deleted before its add counted
        // Once, as the contract says: adds credited concurrently may each publish the pending goal before it is marked
        // published, and every copy carries the goal's one message id (subscribers keep one).
        Assert.Single(subscriber.Messages.Where(GoalOfCorp).Select(m => m.MessageId).Distinct());
        var board = await fission.LeaderboardAsync(suite.CorpId, "spring", 10, default);
        Assert.Equal((inviter, 2L), (board[0].ExternalUserId, board[0].Credited));
    }

    private static ExternalContactAdded Added(TestSuite suite, string customer, string state, DateTimeOffset at) =>
        (ExternalContactAdded)Parse(suite, EventXml.ContactAdded(suite, customer, state: state, at: at));

    private static ExternalContactDeletedByCustomer Deleted(TestSuite suite, string customer) =>
        (ExternalContactDeletedByCustomer)Parse(suite, EventXml.ContactDeletedByCustomer(suite, customer));

    private static WeComCallbackEvent Parse(TestSuite suite, string xml) =>
        CallbackEventParser.Parse(xml, new CallbackContext(suite.SuiteId, suite.SuiteId, DateTimeOffset.UtcNow)).Event;
}
