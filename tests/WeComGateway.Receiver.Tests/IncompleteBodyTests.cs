using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeComGateway.Testing;

namespace WeComGateway.Receiver.Tests;

/// <summary>
/// A body that never arrives in full (a slowloris sender Kestrel cuts off, a connection dropped mid-body) is the
/// sender's doing: a labelled refusal and a warning, never an unhandled error with a stack trace per connection.
/// Kestrel itself, on a loopback port: the in-memory test server never reports a short body the way sockets do.
/// </summary>
public sealed class IncompleteBodyTests
{
    [Fact]
    public async Task A_body_shorter_than_its_Content_Length_is_refused_as_incomplete_body_not_logged_as_an_unhandled_error()
    {
        var suite = TestSuite.Fresh();
        var broker = new ControllableBroker();
        await using var app = ReceiverHost.WithBroker(suite, broker);
        app.UseKestrel(0);
        app.StartServer();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var callback = SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite));

        using (var client = new TcpClient())
        {
            await client.ConnectAsync(IPAddress.Loopback, address.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"POST {callback.PathAndQuery} HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: {callback.Body.Length}\r\n\r\n"));
            await stream.WriteAsync(callback.Body.AsMemory(0, 100));
            client.Client.Shutdown(SocketShutdown.Send); // the rest never comes
            var answer = new byte[256];
            _ = await stream.ReadAsync(answer);
        }

        await Eventually.HoldsAsync(
            () => app.LogText().Contains("the body did not arrive in full", StringComparison.Ordinal), "the refusal is logged", Eventually.Say(app.LogText), TimeSpan.FromSeconds(10));
        Assert.Empty(broker.Published);
        Assert.DoesNotContain(app.Logs.GetSnapshot(), r => r.Level >= LogLevel.Error);
    }
}
