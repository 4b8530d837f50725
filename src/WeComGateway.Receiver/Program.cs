using WeComGateway.Hosting;
using WeComGateway.Receiver.Callbacks;
using WeComGateway.Receiver.Hosting;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddGatewayDefaults();
builder.AddGatewayBus();               // publishes only: confirmed, every event exchange declared at start
builder.AddWeComCallbacks();

var app = builder.Build();
app.MapWeComCallbacks();               // /wecom/suites/{suiteId}/command|data — the only routes WeCom reaches
app.MapGatewayDefaults();
app.Run();

/// <summary>Exposed for WebApplicationFactory.</summary>
public partial class Program;
