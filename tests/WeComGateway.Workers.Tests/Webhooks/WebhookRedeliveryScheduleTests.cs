using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WeComGateway.Admin;
using WeComGateway.Configuration;
using WeComGateway.Workers.Hosting;
using WeComGateway.Workers.Webhooks;

namespace WeComGateway.Workers.Tests.Webhooks;

/// <summary>The webhook deliveries wait for hours between redeliveries; every other queue keeps the default schedule.</summary>
public sealed class WebhookRedeliveryScheduleTests
{
    [Fact]
    public void Webhook_deliveries_are_redelivered_over_hours_and_other_queues_keep_the_default()
    {
        var options = Options(new Dictionary<string, string?>());

        Assert.Equal(WebhookOptions.RedeliveryIntervals, options.IntervalsFor(WebhookOptions.DeliveryQueue));
        Assert.Equal(TimeSpan.FromHours(6), options.IntervalsFor(WebhookOptions.DeliveryQueue)[^1]);
        Assert.Equal(RedeliveryOptions.DefaultIntervals, options.IntervalsFor("moment"));
    }

    [Fact]
    public void A_configured_schedule_for_the_queue_replaces_the_webhook_default()
    {
        var options = Options(new Dictionary<string, string?>
        {
            ["Workers:Redelivery:Queues:webhook-delivery:0"] = "00:10:00",
            ["Workers:Redelivery:Queues:webhook-delivery:1"] = "12:00:00",
        });

        Assert.Equal([TimeSpan.FromMinutes(10), TimeSpan.FromHours(12)], options.IntervalsFor(WebhookOptions.DeliveryQueue));
    }

    private static RedeliveryOptions Options(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddValidatedOptions<RedeliveryOptions>(RedeliveryOptions.SectionName, configuration);
        services.AddWebhookServices(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<RedeliveryOptions>>().Value;
    }
}
