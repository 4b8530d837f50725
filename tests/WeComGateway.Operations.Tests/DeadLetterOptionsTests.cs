using WeComGateway.Operations.DeadLetters;

namespace WeComGateway.Operations.Tests;

public class DeadLetterOptionsTests
{
    [Fact]
    public void The_management_API_defaults_to_the_same_host_on_15672_with_the_same_credentials()
    {
        var options = DeadLetterOptions.Create("amqp://ops:s%40cret@rabbit.internal:5672/prod");

        Assert.Equal(new Uri("http://rabbit.internal:15672/"), options.ManagementUrl);
        Assert.Equal("prod", options.VirtualHost);
        Assert.Equal(new DeadLetterOptions.Credentials("ops", "s@cret"), options.ManagementCredentials);
    }

    [Fact]
    public void Amqps_means_https_on_15671() =>
        Assert.Equal(new Uri("https://rabbit.internal:15671/"), DeadLetterOptions.Create("amqps://ops:pw@rabbit.internal/").ManagementUrl);

    [Theory]
    [InlineData("amqp://guest:guest@127.0.0.1:5672/")]
    [InlineData("amqp://guest:guest@127.0.0.1:5672")]
    [InlineData("amqp://guest:guest@127.0.0.1:5672/%2F")]
    public void An_empty_path_or_an_escaped_slash_is_the_default_vhost(string uri) =>
        Assert.Equal("/", DeadLetterOptions.Create(uri).VirtualHost);

    [Fact]
    public void No_credentials_means_guest() =>
        Assert.Equal(new DeadLetterOptions.Credentials("guest", "guest"), DeadLetterOptions.Create("amqp://localhost/").AmqpCredentials);

    [Fact]
    public void An_override_URL_wins_and_its_credentials_too()
    {
        var options = DeadLetterOptions.Create("amqp://app:apppw@rabbit:5672/", "https://monitor:monpw@mq-admin.internal/rabbitmq");

        Assert.Equal(new Uri("https://mq-admin.internal/rabbitmq/"), options.ManagementUrl);
        Assert.Equal(new DeadLetterOptions.Credentials("monitor", "monpw"), options.ManagementCredentials);
        Assert.Equal(new DeadLetterOptions.Credentials("app", "apppw"), options.AmqpCredentials);
    }

    [Fact]
    public void An_override_without_credentials_uses_the_AMQP_ones() =>
        Assert.Equal(new DeadLetterOptions.Credentials("app", "apppw"),
            DeadLetterOptions.Create("amqp://app:apppw@rabbit:5672/", "http://rabbit:8080").ManagementCredentials);

    [Theory]
    [InlineData("http://rabbit:5672/")]
    [InlineData("not a uri")]
    public void A_connection_that_is_not_AMQP_is_refused(string uri) => Assert.Throws<ArgumentException>(() => DeadLetterOptions.Create(uri));

    [Fact]
    public void A_management_URL_that_is_not_HTTP_is_refused() =>
        Assert.Throws<ArgumentException>(() => DeadLetterOptions.Create("amqp://rabbit/", "ftp://rabbit/"));

    [Fact]
    public void The_description_never_shows_a_password()
    {
        var text = DeadLetterOptions.Create("amqp://ops:TopSecret@rabbit:5672/prod", "https://mon:AlsoSecret@rabbit/").ToString();

        Assert.DoesNotContain("Secret", text, StringComparison.Ordinal);
        Assert.Contains("ops@rabbit:5672/prod", text, StringComparison.Ordinal);
    }
}
