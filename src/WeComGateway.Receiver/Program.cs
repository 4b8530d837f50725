using WeComGateway.Hosting;
using WeComGateway.Receiver.Admin;
using WeComGateway.Receiver.Callbacks;
using WeComGateway.Receiver.Hosting;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddGatewayDefaults();
builder.AddGatewayBus();               // publishes only: confirmed, every event exchange declared at start
builder.AddWeComCallbacks();
builder.AddAdminApi();

var app = builder.Build();
app.MapWeComCallbacks();
app.MapAdminApi();
app.MapGatewayDefaults();
app.Run();

/// <summary>Exposed for WebApplicationFactory.</summary>
public partial class Program;
