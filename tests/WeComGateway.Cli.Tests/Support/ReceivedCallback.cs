using System.Xml.Linq;
using WeComGateway.Callbacks;
using WireMock;

namespace WeComGateway.Cli.Tests.Support;

/// <summary>A request WireMock recorded, read the way the gateway reads it.</summary>
public sealed record ReceivedCallback(string Method, string Path, IReadOnlyDictionary<string, string> Query, string Body)
{
    public static ReceivedCallback From(IRequestMessage? request)
    {
        Assert.NotNull(request);
        return new(request.Method, request.Path, ParseQuery(request.RawQuery), request.Body ?? string.Empty);
    }

    public XElement Envelope => XElement.Parse(Body);

    /// <summary>Checks msg_signature over the Encrypt text and decrypts it, as the gateway does.</summary>
    public DecryptedMessage VerifyAndDecrypt(string token, string encodingAesKey)
    {
        var encrypted = Envelope.Element("Encrypt")!.Value;
        using var crypto = new CallbackCrypto(token, encodingAesKey);
        Assert.True(crypto.VerifySignature(Query["msg_signature"], Query["timestamp"], Query["nonce"], encrypted), "msg_signature does not verify");
        return crypto.Decrypt(encrypted);
    }

    /// <summary>Decodes the raw query once, like ASP.NET Core's Request.Query does for %-escapes.</summary>
    public static IReadOnlyDictionary<string, string> ParseQuery(string? rawQuery) =>
        (rawQuery ?? string.Empty).TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => Uri.UnescapeDataString(pair[0]), pair => pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : string.Empty);
}
