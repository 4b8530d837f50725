using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using WeComGateway.Callbacks;
using WeComGateway.Contracts;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Leads;
using WeComGateway.Testing;

namespace WeComGateway.IntegrationTests.EndToEnd;

/// <summary>
/// The lead pool through the real bus and Redis, the worker host consuming: the import delivered twice assigns each
/// lead once; the add through a lead's state delivered three times at once, and the customer's later re-add, convert
/// it once — one conversion in the report, every <see cref="LeadConverted"/> copy with the one message id of that fact.
/// </summary>
[Collection(RealServicesCollection.Name)]
public sealed class LeadPoolFlowTests
{
    [Fact]
    public async Task Duplicated_imports_and_adds_assign_and_convert_each_lead_exactly_once()
    {
        var suite = TestSuite.Fresh();
        await using var wecom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true });
        var settings = WorkerProcess.Settings(suite, wecom);
        await using var subscriber = await PlainSubscriber.BindAsync(["WeComGateway.Contracts:LeadAssigned", "WeComGateway.Contracts:LeadConverted"]);
        await subscriber.StartConsumingAsync();
        await using var worker = await WorkerProcess.StartAsync(settings);
        var now = DateTimeOffset.UtcNow;
        await worker.Services.GetRequiredService<IAuthorizationStore>().SaveAsync(
            new CorpAuthorization(suite.CorpId, suite.SuiteId, await wecom.AuthorizeAsync(suite.CorpId, "水果铺"), "水果铺", now), default);
        var leads = worker.Services.GetRequiredService<ILeadStore>();
        await leads.SaveSettingsAsync(suite.CorpId, new LeadPoolSettings(LeadPoolSettings.RoundRobin, [new LeadEmployee("zhangsan"), new LeadEmployee("lisi")], 20, TimeSpan.FromHours(1)), default);
        var imported = await leads.ImportAsync(suite.CorpId, [new NewLead("13800138000", "王先生", "展会", []), new NewLead("13900139000", "李女士", "官网", [])], now, default);
        var bus = worker.Services.GetRequiredService<IBus>();
        var import = new LeadsImported { CorpId = suite.CorpId, Count = 2, ImportedBy = "test", ImportedAt = now };
        await Task.WhenAll(bus.Publish(import), bus.Publish(import)); // the admin API's publish, redelivered

        bool OfCorp(PlainSubscriber.Received m) => m.Message.GetProperty("corpId").GetString() == suite.CorpId;
        var assigned = await subscriber.WaitForAsync(m => m.Exchange.EndsWith(":LeadAssigned", StringComparison.Ordinal) && OfCorp(m), 2, TimeSpan.FromSeconds(30));
        var wang = assigned.Single(m => m.Message.GetProperty("leadId").GetString() == imported.LeadIds[0]).Message;
        var (state, employee) = (wang.GetProperty("state").GetString()!, wang.GetProperty("userId").GetString()!);
        var customer = EventXml.NewId("wm");
        var add = Added(suite, customer, employee, state, now.AddSeconds(1));
        await Task.WhenAll(bus.Publish(add), bus.Publish(add), bus.Publish(add));   // WeCom's retries relayed, a redelivery
        await bus.Publish(Added(suite, customer, employee, state, now.AddMinutes(5))); // the customer deletes and adds again

        await subscriber.WaitForAsync(m => m.Exchange.EndsWith(":LeadConverted", StringComparison.Ordinal) && OfCorp(m), 1, TimeSpan.FromSeconds(30));
        var report = await Eventually.ValueAsync(
            async () => await leads.ReportAsync(suite.CorpId, default) is var rows && rows.Sum(r => r.Converted) == 1 ? rows : null,
            "one conversion in the report", Eventually.Say(worker.LogText));
        await Task.Delay(TimeSpan.FromSeconds(1)); // time for a wrong second conversion or assignment to show
        await subscriber.SettleAsync();

        // At least once, one fact: every copy (the add's redeliveries, the re-add) carries the conversion's one message id.
        var conversions = subscriber.Messages.Where(m => m.Exchange.EndsWith(":LeadConverted", StringComparison.Ordinal) && OfCorp(m)).ToList();
        Assert.Single(conversions.Select(m => m.MessageId).Distinct());
        Assert.All(conversions, m => Assert.Equal((imported.LeadIds[0], customer), (m.Message.GetProperty("leadId").GetString(), m.Message.GetProperty("externalUserId").GetString())));
        Assert.Equal(2, subscriber.Messages.Count(m => m.Exchange.EndsWith(":LeadAssigned", StringComparison.Ordinal) && OfCorp(m)));
        Assert.Equal((1L, 2L), (report.Single(r => r.UserId == employee && r.Source == "展会").Converted, report.Sum(r => r.Assigned)));
        var lead = await leads.GetAsync(suite.CorpId, imported.LeadIds[0], default);
        Assert.Equal((LeadStatus.Converted, customer, employee), (lead!.Status, lead.ExternalUserId, lead.ConvertedBy));
    }

    private static ExternalContactAdded Added(TestSuite suite, string customer, string employee, string state, DateTimeOffset at) =>
        ((ExternalContactAdded)CallbackEventParser.Parse(
            EventXml.ContactAdded(suite, customer, state: state, at: at),
            new CallbackContext(suite.SuiteId, suite.SuiteId, DateTimeOffset.UtcNow)).Event) with { UserId = employee };
}
