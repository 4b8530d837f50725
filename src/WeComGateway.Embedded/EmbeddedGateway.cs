using WeComGateway.Admin;
using WeComGateway.Emulator;
using WeComGateway.Hosting;
using WeComGateway.Receiver.Callbacks;
using WeComGateway.Receiver.Hosting;
using WeComGateway.Workers.Hosting;

namespace WeComGateway.Embedded;

/// <summary>
/// Receiver, workers and the WeCom emulator in one process: MassTransit's in-memory transport carries the events from
/// the receiver to the consumers, the stores are in memory, and the workers call the emulator mapped into this same
/// host (<c>WeCom:ApiBaseUrl</c> points at it; its page is at <c>/</c>). Production runs receiver and workers as separate
/// processes on RabbitMQ and Redis; the code path differs only in those registrations. Two listeners (Kestrel endpoints
/// in embedded.json): <c>Gateway</c> (http://localhost:5080: callbacks, the emulator, health, metrics) and <c>Admin</c>
/// (http://localhost:5081: the admin API, which answers nowhere else).
/// </summary>
internal sealed class EmbeddedGateway
{
    /// <summary>The admin listener's address; the admin API answers only on its port.</summary>
    public const string AdminListenerKey = "Kestrel:Endpoints:Admin:Url";

    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Configuration.AddJsonFile("embedded.json", optional: false).AddEnvironmentVariables().AddCommandLine(args);
        if (GatewayBus.RabbitMqUri(builder.Configuration) is not null)
        {
            throw new InvalidOperationException("The embedded gateway runs on the in-memory bus only: run src/WeComGateway.Receiver and src/WeComGateway.Workers against RabbitMQ instead.");
        }

        var adminPort = BindingAddress.Parse(builder.Configuration[AdminListenerKey]
            ?? throw new InvalidOperationException($"{AdminListenerKey} is not set: the admin API needs a listener of its own.")).Port;

        builder.AddGatewayDefaults();
        builder.AddWeComCallbacks();
        builder.AddAdminApi();
        builder.AddGatewayWorkers();                              // WeCom access and every worker feature
        builder.AddGatewayBus(bus => bus.AddGatewayWorkerConsumers()); // one in-memory bus: the receiver publishes, the consumers consume
        builder.Services.AddWeComEmulator();

        var app = builder.Build();
        app.MapWeComCallbacks();
        app.MapAdminApi(listenerPort: adminPort);               // never on the callback listener
        app.MapWeComEmulator();                                  // WeCom's /cgi-bin/… APIs, the page at /, /emulator/state
        app.MapGatewayDefaults();
        await app.RunAsync();
    }
}
