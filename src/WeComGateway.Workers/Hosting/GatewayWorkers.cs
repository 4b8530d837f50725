using MassTransit;
using Microsoft.Extensions.Hosting;
using WeComGateway.Workers.Alerts;
using WeComGateway.Workers.Authorization;
using WeComGateway.Workers.Backfill;
using WeComGateway.Workers.Campaigns;
using WeComGateway.Workers.Channels;
using WeComGateway.Workers.Customers;
using WeComGateway.Workers.Fission;
using WeComGateway.Workers.Leads;
using WeComGateway.Workers.Moments;
using WeComGateway.Workers.StoreCodes;
using WeComGateway.Workers.Webhooks;

namespace WeComGateway.Workers.Hosting;

/// <summary>
/// Every worker feature, composed once: the worker host, the embedded gateway and the tests that start a worker host
/// call these two, so a new feature is added here and runs everywhere.
/// </summary>
internal static class GatewayWorkers
{
    /// <summary>WeCom access and every feature's services and schedulers (each reads its own settings section).</summary>
    public static IHostApplicationBuilder AddGatewayWorkers(this IHostApplicationBuilder builder)
    {
        builder.AddWeComAccess();              // suite tickets, authorizations, the WeCom API clients, tokens
        builder.AddAuthorizationWorker();
        builder.AddCustomerAutomation();        // rules, lifecycle, welcome, remarks, re-evaluation
        builder.AddCustomerBackfill();          // existing customers: after create_auth and on request
        builder.AddFission();                   // fission campaigns: credits, goals
        builder.AddStoreCodeCounting();         // adds through store codes, joins through group codes
        builder.AddLeadPool();                  // lead pool: assignment, reminders, timeouts (scheduler), matching
        builder.AddDeletionAlerts();            // 删人提醒: a notice when a customer deletes an employee
        builder.AddChannels();                  // channel QR codes, their statistics and the daily reconciliation
        builder.AddCampaigns();                 // campaigns (群发): audiences, WeCom tasks once, results, the monthly limit
        builder.AddMoments();                   // customer moments: add_moment_task once, polling until done
        builder.AddWebhooks();                  // webhooks out: chosen events signed (Standard Webhooks), retried for hours
        return builder;
    }

    /// <summary>The endpoint defaults (retry, outbox, delayed redelivery, fault headers) and every feature's consumers.</summary>
    public static IBusRegistrationConfigurator AddGatewayWorkerConsumers(this IBusRegistrationConfigurator bus) => bus
        .AddWorkerEndpointDefaults()
        .AddAuthorizationConsumers()
        .AddCustomerAutomationConsumers()
        .AddCustomerBackfillConsumers()
        .AddFissionConsumers()
        .AddStoreCodeCountingConsumers()
        .AddLeadPoolConsumers()
        .AddDeletionAlertConsumers()
        .AddChannelConsumers()
        .AddCampaignConsumers()
        .AddMomentConsumers()
        .AddWebhookConsumers();
}
