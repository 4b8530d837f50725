using WeComGateway.Admin;
using WeComGateway.Hosting;
using WeComGateway.Workers.Hosting;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddGatewayDefaults();          // OTel, health checks
builder.AddGatewayWorkers();           // WeCom access and every feature (Hosting/GatewayWorkers.cs)
builder.AddAdminApi();                 // rule sets, campaigns, dead letters …: on this internal port only
builder.AddGatewayBus(bus => bus.AddGatewayWorkerConsumers());

var app = builder.Build();
app.MapAdminApi();                     // /admin/…
app.MapGatewayDefaults();              // /health/live, /health/ready, /metrics
await app.RunAsync();

/// <summary>Exposed for tests that build the host (WebApplicationFactory).</summary>
internal partial class Program;
