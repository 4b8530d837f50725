using MassTransit.RabbitMqTransport.Configuration;
using Microsoft.Extensions.Configuration;
using WeComGateway.Hosting;

namespace WeComGateway.Workers.Tests.Hosting;

/// <summary>
/// <c>ConnectionStrings:RabbitMq</c> as MassTransit reads it (<c>cfg.Host(uri, …)</c>) plus what the gateway adds:
/// host, port, vhost, escaped credentials, TLS for amqps, publisher confirms and the connection timeout.
/// </summary>
public sealed class RabbitMqHostSettingsTests
{
    [Fact]
    public void A_plain_amqp_uri_gives_host_port_vhost_and_credentials_with_confirms_and_a_5_s_timeout()
    {
        var settings = Read("amqp://wecomgw:p%40ss%3Aword@rabbit.internal:5673/prod");

        Assert.Equal("rabbit.internal", settings.Host);
        Assert.Equal(5673, settings.Port);
        Assert.Equal("prod", settings.VirtualHost);
        Assert.Equal("wecomgw", settings.Username);
        Assert.Equal("p@ss:word", settings.Password);
        Assert.False(settings.Ssl);
        Assert.True(settings.PublisherConfirmation);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.RequestedConnectionTimeout);
    }

    [Theory]
    [InlineData("amqp://guest:guest@127.0.0.1:5672/", "/")]
    [InlineData("amqp://guest:guest@127.0.0.1/", "/")]
    [InlineData("amqp://guest:guest@127.0.0.1/%2F", "/")]
    [InlineData("amqp://guest:guest@127.0.0.1/team%2Fa", "team/a")]
    public void The_vhost_is_the_unescaped_path_and_the_root_when_empty(string uri, string vhost)
    {
        var settings = Read(uri);

        Assert.Equal(vhost, settings.VirtualHost);
        Assert.Equal(5672, settings.Port);
    }

    [Theory]
    [InlineData("amqps://ops:pw@rabbit.internal/", 5671)]
    [InlineData("amqps://ops:pw@rabbit.internal:5673/prod", 5673)]
    public void Amqps_turns_on_TLS_against_the_host_name_on_any_port(string uri, int port)
    {
        var settings = Read(uri);

        Assert.True(settings.Ssl);
        Assert.Equal("rabbit.internal", settings.SslServerName);
        Assert.Equal(port, settings.Port);
        Assert.True(settings.PublisherConfirmation);
    }

    [Theory]
    [InlineData("http://rabbit.internal/")]
    [InlineData("rabbit.internal:5672")]
    public void A_connection_string_that_is_no_amqp_uri_fails_naming_the_setting(string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:RabbitMq"] = value }).Build();

        var failure = Assert.Throws<InvalidOperationException>(() => { _ = GatewayBus.RabbitMqUri(configuration); });

        Assert.Contains("ConnectionStrings:RabbitMq", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_nodes_are_connected_to_in_turn_with_the_uri_node_among_them_and_its_credentials()
    {
        var configuration = Configuration(("RabbitMq:ClusterNodes", " 127.0.0.1:5702, rabbit-3.internal:5703 "));

        var settings = Read("amqp://wecomgw:pw@127.0.0.1:5701/prod", GatewayBus.ClusterNodes(configuration));

        // Each connection attempt asks the resolver again and is given the next node in turn.
        var attempts = Enumerable.Range(0, 3).SelectMany(_ => settings.EndpointResolver.All()).Select(e => $"{e.HostName}:{e.Port}").ToList();
        Assert.Equal(["127.0.0.1:5701", "127.0.0.1:5702", "rabbit-3.internal:5703"], attempts.Order(StringComparer.Ordinal));
        Assert.Equal("prod", settings.VirtualHost);
        Assert.Equal("wecomgw", settings.Username);
    }

    [Fact]
    public void Without_cluster_nodes_the_uri_host_is_the_only_one()
    {
        Assert.Empty(GatewayBus.ClusterNodes(Configuration()));
        Assert.Null(Read("amqp://guest:guest@127.0.0.1:5672/").EndpointResolver);
    }

    [Theory]
    [InlineData("rabbit-2:notaport")]
    [InlineData("rabbit-2:70000")]
    [InlineData("amqp://rabbit-2:5672")]
    [InlineData("rabbit 2:5672")]
    public void A_cluster_node_that_is_no_host_and_port_fails_naming_the_setting(string nodes)
    {
        var failure = Assert.Throws<InvalidOperationException>(() => GatewayBus.ClusterNodes(Configuration(("RabbitMq:ClusterNodes", nodes))));

        Assert.Contains("RabbitMq:ClusterNodes", failure.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build();

    private static MassTransit.RabbitMqHostSettings Read(string uri, IReadOnlyList<string>? clusterNodes = null)
    {
        var amqp = new Uri(uri);
        var host = new RabbitMqHostConfigurator(amqp);
        GatewayBus.ConfigureHost(host, amqp, clusterNodes);
        return host.Settings;
    }
}
