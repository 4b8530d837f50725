using Microsoft.Extensions.Hosting;
using WeComGateway.Hosting;
using WeComGateway.Workers.Authorization;
using WeComGateway.Workers.Customers;
using WeComGateway.Workers.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddGatewayDefaults();
builder.AddAuthorizationWorker();
builder.AddCustomerAutomation();
builder.AddWorkerBus();

using var host = builder.Build();
await host.RunAsync();

/// <summary>Exposed for tests that build the host.</summary>
public partial class Program;
