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
    public const int DefaultPort = 15672;
    public const int DefaultTlsPort = 15671;

    /// <summary><c>GET /api/queues/{vhost}</c>, only the two columns the gauge reads.</summary>
    public Uri QueuesUrl => new(BaseUrl, $"api/queues/{Uri.EscapeDataString(VirtualHost)}?columns=name,messages");

    public AuthenticationHeaderValue Authorization =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{UserName}:{Password}")));

    /// <param name="amqp">The broker (<c>amqp://user:pass@host:5672/vhost</c>); its path is the vhost.</param>
    /// <param name="overrideUrl"><c>Operations:RabbitMqManagementUrl</c>, or null for the AMQP host on 15672.</param>
    public static RabbitMqManagementEndpoint Resolve(Uri amqp, string? overrideUrl)
    {
        var virtualHost = Uri.UnescapeDataString(amqp.AbsolutePath.TrimStart('/'));
        var (user, password) = Credentials(amqp) ?? ("guest", "guest");
        Uri baseUrl;
        if (string.IsNullOrWhiteSpace(overrideUrl))
        {
            var secure = amqp.Scheme.Equals("amqps", StringComparison.OrdinalIgnoreCase);
            baseUrl = new UriBuilder(secure ? "https" : "http", amqp.Host, secure ? DefaultTlsPort : DefaultPort, "/").Uri;
        }
        else
        {
            var url = new Uri(overrideUrl.Trim(), UriKind.Absolute);
            (user, password) = Credentials(url) ?? (user, password);
            var bare = new UriBuilder(url) { UserName = string.Empty, Password = string.Empty, Query = string.Empty };
            if (!bare.Path.EndsWith('/'))
            {
                bare.Path += "/";
            }

            baseUrl = bare.Uri;
        }

        return new RabbitMqManagementEndpoint(baseUrl, virtualHost.Length == 0 ? "/" : virtualHost, user, password);
    }

    public override string ToString() => $"{BaseUrl} (vhost {VirtualHost}, user {UserName})";

    private static (string User, string Password)? Credentials(Uri uri)
    {
        if (uri.UserInfo.Length == 0)
        {
            return null;
        }

        var parts = uri.UserInfo.Split(':', 2);
        return (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
    }
}
