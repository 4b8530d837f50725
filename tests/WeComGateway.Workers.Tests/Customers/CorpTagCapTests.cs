using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeComGateway.Automation;
using WeComGateway.Configuration;
using WeComGateway.Contracts;
using WeComGateway.Testing;
using WeComGateway.WeComApi.ExternalContact;
using WeComGateway.Workers.Customers;
using WeComGateway.Workers.Diagnostics;
using WeComGateway.Workers.Tests.Customers.Support;
using static WeComGateway.Workers.Tests.Customers.Support.CustomerEvents;

namespace WeComGateway.Workers.Tests.Customers;

/// <summary>WeCom holds at most 3,000 customer tags per corp: the gateway stops creating them at Automation:MaxCorpTags.</summary>
public sealed class CorpTagCapTests
{
    private const string Customer = "wmCappedCustomer01";

    private static readonly TagRef Poster42 = new("渠道", "poster-42");
    private static readonly TagRef 新客户 = new("客户阶段", "新客户");

    [Fact]
    public async Task A_corp_with_2900_tags_gets_no_new_tag_and_the_event_completes_with_the_rest_of_its_decision()
    {
        await using var worker = await AutomationHarness.StartAsync();
        await worker.WeCom.AddTagsAsync(worker.CorpId, "客户阶段", ["新客户"]);
        await worker.WeCom.AddTagsAsync(worker.CorpId, "导入", Enumerable.Range(1, 2899).Select(i => $"历史标签{i}"));
        using var notCreated = new MetricCollector<long>(worker.Services.GetRequiredService<IMeterFactory>(), WorkerMetrics.MeterName, "wecomgw.tags.not_created");

        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), state: "poster-42")));

        Assert.Equal(0, await worker.WeCom.CountAsync(WeComApis.AddCorpTag));
        var mark = Assert.Single(await worker.WeCom.RequestsAsync<MarkTagRequest>(WeComApis.MarkTag));
        Assert.Equal([(await worker.WeCom.TagIdAsync(worker.CorpId, "客户阶段", "新客户"))!], mark.AddTag); // the tag that exists is applied
        Assert.Equal("新客户", Assert.Single(worker.Published<LifecycleStageChanged>()).To);
        var stored = await worker.StoredAsync(Customer);
        Assert.Equal([新客户], stored.Facts.Tags); // the facts say what WeCom has
        Assert.Equal(("新客户", "poster-42"), (stored.Facts.Stage, stored.Facts.Channel));
        Assert.Empty(stored.Pending);

        var measured = Assert.Single(notCreated.GetMeasurementSnapshot());
        Assert.Equal((1, "corp_tag_cap"), (measured.Value, measured.Tags["reason"]));
        var log = Assert.Single(worker.Logs.GetSnapshot(), l => l.Level == LogLevel.Warning && l.Message.Contains("the cap is 2900", StringComparison.Ordinal));
        Assert.Contains(worker.CorpId, log.Message, StringComparison.Ordinal);
        Assert.Contains("2900 customer tags exist", log.Message, StringComparison.Ordinal);
        Assert.Contains("渠道/poster-42", log.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Below_the_cap_tags_are_created_as_before_up_to_the_cap()
    {
        await using var worker = await AutomationHarness.StartAsync((services, _) => services.Configure<AutomationOptions>(o => o.MaxCorpTags = 4));
        await worker.WeCom.AddTagsAsync(worker.CorpId, "导入", ["老客户", "团购", "节日"]);

        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), state: "poster-42")));

        var created = Assert.Single(await worker.WeCom.RequestsAsync<AddCorpTagRequest>(WeComApis.AddCorpTag));
        Assert.Equal("渠道", created.GroupName);
        Assert.Equal(["poster-42"], created.Tag.Select(t => t.Name)); // the first one fits, the second does not
        Assert.Null(await worker.WeCom.TagIdAsync(worker.CorpId, "客户阶段", "新客户"));
        var mark = Assert.Single(await worker.WeCom.RequestsAsync<MarkTagRequest>(WeComApis.MarkTag));
        Assert.Equal([(await worker.WeCom.TagIdAsync(worker.CorpId, "渠道", "poster-42"))!], mark.AddTag);
        Assert.Equal([Poster42], (await worker.StoredAsync(Customer)).Facts.Tags);
    }

    [Fact]
    public async Task A_tag_WeCom_refuses_to_create_is_dropped_instead_of_failing_the_event_for_ever()
    {
        await using var worker = await AutomationHarness.StartAsync();
        await worker.WeCom.AddTagAsync(worker.CorpId, "客户阶段", "新客户");
        await worker.WeCom.FailAlwaysAsync(WeComApis.AddCorpTag, 40058, errmsg: "tag count exceeds the corp's limit");

        Assert.Null(await worker.DeliverAsync(Added(worker.CorpId, Customer, worker.Now.AddSeconds(-1), state: "poster-42")));

        Assert.Equal(1, await worker.WeCom.CountAsync(WeComApis.AddCorpTag)); // refused for good: not retried
        var mark = Assert.Single(await worker.WeCom.RequestsAsync<MarkTagRequest>(WeComApis.MarkTag));
        Assert.Equal([(await worker.WeCom.TagIdAsync(worker.CorpId, "客户阶段", "新客户"))!], mark.AddTag);
        Assert.Equal([新客户], (await worker.StoredAsync(Customer)).Facts.Tags);
        Assert.Single(worker.Logs.GetSnapshot(), l => l.Level == LogLevel.Warning && l.Message.Contains("WeCom refused to create tags [渠道/poster-42]", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3001")]
    public void A_cap_WeCom_could_never_reach_is_refused_naming_the_key(string cap)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Automation:MaxCorpTags"] = cap }).Build();
        using var services = new ServiceCollection().AddValidatedOptions<AutomationOptions>(AutomationOptions.SectionName, configuration).Services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<AutomationOptions>>().Value);
        Assert.Contains("Automation:MaxCorpTags", failure.Message, StringComparison.Ordinal);
    }
}
