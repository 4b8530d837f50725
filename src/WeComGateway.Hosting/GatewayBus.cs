using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WeComGateway.Contracts;

namespace WeComGateway.Hosting;

/// <summary>
/// Where the bus is built, for every host: MassTransit on RabbitMQ when <c>ConnectionStrings:RabbitMq</c> is set,
/// otherwise on the in-memory transport. A host passes what it consumes; features register services only.
/// </summary>
public static class GatewayBus
{
    /// <summary>The connection-string name: <c>ConnectionStrings:RabbitMq</c>; absent → in-memory transport.</summary>
    public const string ConnectionName = "RabbitMq";

    /// <summary>
    /// The other nodes of the broker's cluster, <c>host:port</c> separated by commas (<c>rabbit-2:5672,rabbit-3:5672</c>).
    /// With them, a connection that breaks is made again to whichever node answers, the URI's own node among them:
    /// losing the node a process is connected to is then a reconnect, not an outage. Credentials, vhost and TLS are the URI's.
    /// </summary>
    public const string ClusterNodesKey = "RabbitMq:ClusterNodes";

    /// <summary>Prefix of every consumer queue (<c>{prefix}-customer-automation</c>), for environments sharing a vhost.</summary>
    public const string QueuePrefixKey = "Workers:QueuePrefix";

    /// <summary>
    /// The bus of this host. <paramref name="consumers"/> registers the host's consumers and their endpoint defaults
    /// (the worker host: <c>bus.AddWorkerEndpointDefaults().AddAuthorizationConsumers()…</c>); a host that only
    /// publishes (the receiver) passes nothing. On RabbitMQ: publisher confirms, and the exchange of every message the
    /// gateway publishes (<see cref="MessageCatalogue.Published"/>) declared at start, so subscribers can bind before
    /// the first one. The host serves while the broker is down (the receiver spools to its outbox meanwhile).
    /// </summary>
    public static IHostApplicationBuilder AddGatewayBus(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? consumers = null)
    {
        var rabbit = RabbitMqUri(builder.Configuration);
        var clusterNodes = ClusterNodes(builder.Configuration);
        var prefix = builder.Configuration[QueuePrefixKey];
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(string.IsNullOrWhiteSpace(prefix) ? null : prefix, false));
            consumers?.Invoke(bus);
            if (rabbit is null)
            {
                bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
                return;
            }

            bus.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(rabbit, host => ConfigureHost(host, rabbit, clusterNodes));
                foreach (var messageType in MessageCatalogue.Published)
                {
                    cfg.Publish(messageType);
                }

                cfg.DeployPublishTopology = true;
                cfg.ConfigureEndpoints(context);
            });
        });
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(options =>
        {
            options.WaitUntilStarted = false;
            options.StopTimeout = TimeSpan.FromSeconds(30);
        });
        return builder;
    }

    /// <summary>The broker of <c>ConnectionStrings:RabbitMq</c> (<c>amqp://user:pass@host:5672/vhost</c> or amqps), or null for the in-memory transport.</summary>
    public static Uri? RabbitMqUri(IConfiguration configuration)
    {
        var value = configuration.GetConnectionString(ConnectionName);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "amqp" or "amqps"
            ? uri
            : throw new InvalidOperationException($"ConnectionStrings:{ConnectionName} must be an amqp:// or amqps:// URI (amqp://user:pass@host:5672/vhost).");
    }

    /// <summary>The nodes of <see cref="ClusterNodesKey"/> (none when unset); a node that is no <c>host[:port]</c> fails start-up naming the setting.</summary>
    public static IReadOnlyList<string> ClusterNodes(IConfiguration configuration)
    {
        var nodes = (configuration[ClusterNodesKey] ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var node in nodes)
        {
            var colon = node.LastIndexOf(':');
            var hostName = colon < 0 ? node : node[..colon];
            var portValid = colon < 0 || (int.TryParse(node[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536);
            if (Uri.CheckHostName(hostName) == UriHostNameType.Unknown || !portValid)
            {
                throw new InvalidOperationException($"{ClusterNodesKey} must list nodes as host:port separated by commas (rabbit-2:5672,rabbit-3:5672); one entry is not.");
            }
        }

        return nodes;
    }

    /// <summary>
    /// What the gateway adds to the host MassTransit reads from the URI (host, port, vhost, user and password):
    /// publisher confirms, a 5 s connection timeout, TLS for every amqps URI (MassTransit turns it on by itself only
    /// on port 5671), and the cluster's nodes when <see cref="ClusterNodesKey"/> names them, the URI's node first.
    /// </summary>
    public static void ConfigureHost(IRabbitMqHostConfigurator host, Uri amqp, IReadOnlyList<string>? clusterNodes = null)
    {
        host.PublisherConfirmation = true;
        host.RequestedConnectionTimeout(TimeSpan.FromSeconds(5));
        if (amqp.Scheme == "amqps")
        {
            host.UseSsl();
        }

        if (clusterNodes is { Count: > 0 })
        {
            var port = amqp.IsDefaultPort || amqp.Port < 0 ? (amqp.Scheme == "amqps" ? 5671 : 5672) : amqp.Port;
            host.UseCluster(cluster =>
            {
                cluster.Node($"{amqp.Host}:{port}");
                foreach (var node in clusterNodes)
                {
                    cluster.Node(node);
                }
            });
        }
    }
}
