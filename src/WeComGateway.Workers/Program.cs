using WeComGateway.Admin;
using WeComGateway.Hosting;
using WeComGateway.Workers.Alerts;
using WeComGateway.Workers.Authorization;
using WeComGateway.Workers.Backfill;
using WeComGateway.Workers.Campaigns;
using WeComGateway.Workers.Channels;
using WeComGateway.Workers.Customers;
using WeComGateway.Workers.Diagnostics;
using WeComGateway.Workers.Fission;
using WeComGateway.Workers.Hosting;
using WeComGateway.Workers.StoreCodes;
using WeComGateway.Workers.Leads;
using WeComGateway.Workers.Moments;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddGatewayDefaults();          // OTel, health checks
builder.AddWeComAccess();              // suite tickets, authorizations, the WeCom API clients, tokens
builder.AddAuthorizationWorker();
builder.AddCustomerAutomation();
builder.AddCustomerBackfill();         // existing customers: after create_auth and on request
builder.AddFission();                 // fission campaigns: credits, goals
builder.AddStoreCodeCounting();          // adds through store codes, joins through group codes
builder.AddLeadPool();                 // lead pool: assignment, reminders, timeouts (scheduler), matching
builder.AddDeletionAlerts();           // 删人提醒: a notice when a customer deletes an employee
builder.AddChannels();                 // channel QR codes, their statistics and the daily reconciliation
builder.AddCampaigns();                // campaigns (群发): audiences, WeCom tasks once, results, the monthly limit
builder.AddMoments();                  // customer moments: add_moment_task once, polling until done, MomentPublished
builder.AddAdminApi();                 // rule sets, dead letters: on this internal port only
builder.AddGatewayBus(bus => bus
    .AddWorkerEndpointDefaults()       // retry, outbox, delayed redelivery, fault headers
    .AddAuthorizationConsumers()
    .AddCustomerAutomationConsumers()
    .AddCustomerBackfillConsumers()
    .AddFissionConsumers()
    .AddStoreCodeCountingConsumers()
    .AddLeadPoolConsumers()
    .AddDeletionAlertConsumers()
    .AddChannelConsumers()
    .AddCampaignConsumers()
    .AddMomentConsumers());

var app = builder.Build();
app.MapAdminApi();                     // /admin/…
app.MapGatewayDefaults();              // /health/live, /health/ready, /metrics
await app.RunAsync();

/// <summary>Exposed for tests that build the host (WebApplicationFactory).</summary>
internal partial class Program;
