using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using WeComGateway.Callbacks;

namespace WeComGateway.Testing;

/// <summary>What WeCom sends: a path with the signed query string and the XML envelope around the ciphertext.</summary>
public sealed record SignedCallback(string PathAndQuery, byte[] Body)
{
    public static SignedCallback Post(
        TestSuite suite, string url, string plaintext, string? receiveId = null, DateTimeOffset? timestamp = null, string? toUserName = null)
    {
        receiveId ??= url == "data" ? suite.CorpId : suite.SuiteId;
        toUserName ??= receiveId;
        using var crypto = new CallbackCrypto(suite.Token, suite.EncodingAesKey);
        var encrypted = crypto.Encrypt(plaintext, receiveId);
        var query = SignedQuery(crypto, encrypted, timestamp);
        var body = $"<xml><ToUserName><![CDATA[{toUserName}]]></ToUserName><AgentID><![CDATA[]]></AgentID><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>";
        return new($"/wecom/suites/{suite.SuiteId}/{url}?{query}", Encoding.UTF8.GetBytes(body));
    }

    /// <summary>A POST with an arbitrary envelope, signed over <paramref name="encrypted"/>.</summary>
    public static SignedCallback Raw(TestSuite suite, string url, string encrypted, string body, DateTimeOffset? timestamp = null)
    {
        using var crypto = new CallbackCrypto(suite.Token, suite.EncodingAesKey);
        return new($"/wecom/suites/{suite.SuiteId}/{url}?{SignedQuery(crypto, encrypted, timestamp)}", Encoding.UTF8.GetBytes(body));
    }

    /// <summary>The GET URL-verification handshake; the echostr is sealed for the provider corp id.</summary>
    public static (string PathAndQuery, string Echo) Handshake(TestSuite suite, string url, string? receiveId = null)
    {
        using var crypto = new CallbackCrypto(suite.Token, suite.EncodingAesKey);
        var echo = RandomNumberGenerator.GetInt32(1, int.MaxValue).ToString(CultureInfo.InvariantCulture) + "555161061";
        var encrypted = crypto.Encrypt(echo, receiveId ?? suite.ProviderCorpId);
        var query = SignedQuery(crypto, encrypted, null) + "&echostr=" + Uri.EscapeDataString(encrypted);
        return ($"/wecom/suites/{suite.SuiteId}/{url}?{query}", echo);
    }

    public HttpRequestMessage ToRequest() => new(HttpMethod.Post, PathAndQuery)
    {
        Content = new ByteArrayContent(Body) { Headers = { ContentType = new("text/xml") } },
    };

    private static string SignedQuery(CallbackCrypto crypto, string encrypted, DateTimeOffset? timestamp)
    {
        var ts = (timestamp ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        var signature = crypto.ComputeSignature(ts, nonce, encrypted);
        return $"msg_signature={signature}&timestamp={ts}&nonce={nonce}";
    }
}
