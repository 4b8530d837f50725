namespace WeComGateway.Operations.DeadLetters;

/// <summary>
/// Where the dead-letter queues live: the AMQP URI (<c>ConnectionStrings:RabbitMq</c>; its path is the vhost) and the
/// RabbitMQ management API, by default on the same host at port 15672 (15671 for amqps) with the same user and
/// password; <c>Operations:RabbitMqManagementUrl</c> overrides it (credentials in that URL win).
/// <see cref="ToString"/> never shows a password.
/// </summary>
public sealed class DeadLetterOptions
{
    public const string ManagementUrlKey = $"{OperationsOptions.SectionName}:{nameof(OperationsOptions.RabbitMqManagementUrl)}";
    public const string DefaultAmqpUri = "amqp://guest:guest@127.0.0.1:5672/";
    public const int DefaultManagementPort = 15672;
    public const int DefaultManagementTlsPort = 15671;

    private DeadLetterOptions(Uri amqpUri, Uri managementUrl, string virtualHost, Credentials amqp, Credentials management)
    {
        AmqpUri = amqpUri;
        ManagementUrl = managementUrl;
        VirtualHost = virtualHost;
        AmqpCredentials = amqp;
        ManagementCredentials = management;
    }

    /// <summary>The broker, with its credentials (not for logs: use <see cref="ToString"/>).</summary>
    public Uri AmqpUri { get; }

    /// <summary>The management API's base URL, without credentials and ending in <c>/</c>.</summary>
    public Uri ManagementUrl { get; }

    /// <summary>The vhost: the AMQP URI's path, unescaped; empty or <c>%2F</c> → <c>/</c>.</summary>
    public string VirtualHost { get; }

    internal Credentials AmqpCredentials { get; }

    internal Credentials ManagementCredentials { get; }

    /// <summary>The management API user: from <c>Operations:RabbitMqManagementUrl</c>, else the AMQP URI's.</summary>
    public string ManagementUserName => ManagementCredentials.UserName;

    /// <summary>Its password (not for logs).</summary>
    public string ManagementPassword => ManagementCredentials.Password;

    /// <summary><c>show</c> and <c>list</c> look at no more than this many messages of one queue.</summary>
    public int ScanLimit { get; init; } = 10_000;

    /// <summary>Budget for one management API call and for opening the AMQP connection.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public static DeadLetterOptions Create(string amqpUri, string? managementUrl = null)
    {
        if (!Uri.TryCreate(amqpUri.Trim(), UriKind.Absolute, out var amqp) || amqp.Scheme is not ("amqp" or "amqps"))
        {
            throw new ArgumentException("The RabbitMQ connection must be an amqp:// or amqps:// URI (amqp://user:pass@host:5672/vhost).", nameof(amqpUri));
        }

        var credentials = Credentials.From(amqp) ?? new Credentials("guest", "guest");
        var virtualHost = Uri.UnescapeDataString(amqp.AbsolutePath.TrimStart('/'));
        var (management, managementCredentials) = Management(amqp, managementUrl, credentials);
        return new DeadLetterOptions(amqp, management, virtualHost.Length == 0 ? "/" : virtualHost, credentials, managementCredentials);
    }

    public override string ToString() =>
        $"{AmqpUri.Scheme}://{AmqpCredentials.UserName}@{AmqpUri.Authority}/{Uri.EscapeDataString(VirtualHost)} (management {ManagementUrl})";

    private static (Uri Url, Credentials Credentials) Management(Uri amqp, string? overrideUrl, Credentials amqpCredentials)
    {
        if (string.IsNullOrWhiteSpace(overrideUrl))
        {
            var secure = amqp.Scheme == "amqps";
            var builder = new UriBuilder(secure ? "https" : "http", amqp.Host, secure ? DefaultManagementTlsPort : DefaultManagementPort, "/");
            return (builder.Uri, amqpCredentials);
        }

        if (!Uri.TryCreate(overrideUrl.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"{ManagementUrlKey} must be an http:// or https:// URL.", nameof(overrideUrl));
        }

        var withoutCredentials = new UriBuilder(url) { UserName = string.Empty, Password = string.Empty };
        if (!withoutCredentials.Path.EndsWith('/'))
        {
            withoutCredentials.Path += "/";
        }

        return (withoutCredentials.Uri, Credentials.From(url) ?? amqpCredentials);
    }

    internal sealed record Credentials(string UserName, string Password)
    {
        public static Credentials? From(Uri uri)
        {
            if (uri.UserInfo.Length == 0)
            {
                return null;
            }

            var parts = uri.UserInfo.Split(':', 2);
            return new Credentials(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
        }

        public override string ToString() => UserName;
    }
}
