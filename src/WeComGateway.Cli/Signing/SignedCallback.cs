using System.Xml.Linq;

namespace WeComGateway.Cli.Signing;

/// <summary>
/// The query parameters WeCom puts on every callback URL. <see cref="EchoStr"/> is only present on the GET
/// URL-verification handshake, where it is the signed ciphertext.
/// </summary>
internal sealed record SignedQuery(string MsgSignature, string Timestamp, string Nonce, string? EchoStr = null)
{
    /// <summary><c>msg_signature=…&amp;timestamp=…&amp;nonce=…[&amp;echostr=…]</c>, each value percent-encoded once.</summary>
    public string ToQueryString()
    {
        var query = $"msg_signature={Uri.EscapeDataString(MsgSignature)}&timestamp={Uri.EscapeDataString(Timestamp)}&nonce={Uri.EscapeDataString(Nonce)}";
        return EchoStr is null ? query : $"{query}&echostr={Uri.EscapeDataString(EchoStr)}";
    }

    /// <summary>Appends the query to <paramref name="callbackUrl"/>, keeping any query it already has.</summary>
    public Uri AppendTo(Uri callbackUrl)
    {
        var builder = new UriBuilder(callbackUrl);
        var existing = builder.Query.TrimStart('?');
        builder.Query = existing.Length == 0 ? ToQueryString() : $"{existing}&{ToQueryString()}";
        return builder.Uri;
    }
}

/// <summary>A callback POST as WeCom would send it: signed query plus the XML envelope around the ciphertext.</summary>
/// <param name="Query">msg_signature, timestamp and nonce.</param>
/// <param name="Encrypt">The Base64 ciphertext (what the signature covers).</param>
/// <param name="ToUserName">The envelope's ToUserName: the suite id on the command URL, the corp id on the data URL.</param>
internal sealed record SignedCallback(SignedQuery Query, string Encrypt, string ToUserName)
{
    /// <summary><c>&lt;xml&gt;&lt;ToUserName/&gt;&lt;AgentID/&gt;&lt;Encrypt/&gt;&lt;/xml&gt;</c> with CDATA values and an empty AgentID.</summary>
    public string Body => new XElement(
        "xml",
        new XElement("ToUserName", new XCData(ToUserName)),
        new XElement("AgentID", new XCData(string.Empty)),
        new XElement("Encrypt", new XCData(Encrypt))).ToString(SaveOptions.DisableFormatting);
}
