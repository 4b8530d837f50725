using MassTransit;

namespace WeComGateway.Hosting;

public static class RabbitMqHost
{
    /// <summary>The connection-string name: <c>ConnectionStrings:RabbitMq</c>; absent → in-memory transport.</summary>
    public const string ConnectionName = "RabbitMq";

    /// <summary><c>amqp://user:pass@host:5672/vhost</c> (or amqps) → MassTransit host settings, publisher confirms on.</summary>
    public static void Configure(IRabbitMqBusFactoryConfigurator cfg, Uri amqp)
    {
        var secure = amqp.Scheme.Equals("amqps", StringComparison.OrdinalIgnoreCase);
        var port = amqp.IsDefaultPort || amqp.Port <= 0 ? (secure ? 5671 : 5672) : amqp.Port;
        var virtualHost = Uri.UnescapeDataString(amqp.AbsolutePath.TrimStart('/'));
        var credentials = amqp.UserInfo.Split(':', 2);
        cfg.Host(amqp.Host, (ushort)port, virtualHost.Length == 0 ? "/" : virtualHost, host =>
        {
            if (credentials[0].Length > 0)
            {
                host.Username(Uri.UnescapeDataString(credentials[0]));
                host.Password(credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : string.Empty);
            }

            host.PublisherConfirmation = true;
            host.RequestedConnectionTimeout(TimeSpan.FromSeconds(5));
            if (secure)
            {
                host.UseSsl(ssl => ssl.ServerName = amqp.Host);
            }
        });
    }
}
