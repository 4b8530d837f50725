using WeComGateway.Operations.DeadLetters;
using System.Net.Http.Headers;
using System.Text;

namespace WeComGateway.Workers.Diagnostics;

/// <summary>
/// Section <c>Operations</c>: where the RabbitMQ management API is and how often the dead-letter gauge polls it.
/// By default the management API is on the AMQP host (<c>ConnectionStrings:RabbitMq</c>) at port 15672 (15671, https,
/// for amqps) with the same user and password; credentials in <see cref="RabbitMqManagementUrl"/> win.
/// </summary>
public sealed class DeadLetterMonitorOptions
{
    public const string SectionName = "Operations";

    public string? RabbitMqManagementUrl { get; set; }

    public TimeSpan DeadLetterPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Budget for one call to the management API.</summary>
    public TimeSpan DeadLetterPollTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>The management API of one vhost. <see cref="ToString"/> shows no password.</summary>
public sealed record RabbitMqManagementEndpoint(Uri BaseUrl, string VirtualHost, string UserName, string Password)
{
    /// <summary><c>GET /api/queues/{vhost}</c>, only the two columns the gauge reads.</summary>
    public Uri QueuesUrl => new(BaseUrl, $"api/queues/{Uri.EscapeDataString(VirtualHost)}?columns=name,messages");

    public AuthenticationHeaderValue Authorization =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{UserName}:{Password}")));

    /// <param name="amqp">The broker (<c>amqp://user:pass@host:5672/vhost</c>); its path is the vhost.</param>
    /// <param name="overrideUrl"><c>Operations:RabbitMqManagementUrl</c>, or null for the AMQP host on 15672.</param>
    public static RabbitMqManagementEndpoint Resolve(Uri amqp, string? overrideUrl)
    {
        // One resolution for the DLQ tools and the gauge: same host, port and credential rules.
        var options = DeadLetterOptions.Create(amqp.ToString(), overrideUrl);
        return new RabbitMqManagementEndpoint(options.ManagementUrl, options.VirtualHost, options.ManagementUserName, options.ManagementPassword);
    }

    public override string ToString() => $"{BaseUrl} (vhost {VirtualHost}, user {UserName})";
}
