using System.Net;
using System.Text;
using WeComGateway.Testing;

namespace WeComGateway.Receiver.Tests;

/// <summary>Bad input gets a clear 4xx, a log line naming the reason, nothing published, and the receiver keeps serving.</summary>
public sealed class RejectionTests
{
    private static readonly TestSuite Suite = TestSuite.Fresh();

    public static TheoryData<string, string, HttpStatusCode> BadInputs() => new()
    {
        { "forged signature", "bad_signature", HttpStatusCode.Unauthorized },
        { "missing signature", "missing_query_parameter", HttpStatusCode.BadRequest },
        { "stale timestamp", "timestamp_out_of_window", HttpStatusCode.Unauthorized },
        { "bad base64", "bad_base64", HttpStatusCode.BadRequest },
        { "ciphertext not whole blocks", "bad_ciphertext_length", HttpStatusCode.BadRequest },
        { "pad byte 0", "bad_padding", HttpStatusCode.BadRequest },
        { "pad byte 33", "bad_padding", HttpStatusCode.BadRequest },
        { "length field past the end", "bad_message_length", HttpStatusCode.BadRequest },
        { "sealed for another suite", "wrong_receive_id", HttpStatusCode.Forbidden },
        { "data url corp differs from ToUserName", "wrong_receive_id", HttpStatusCode.Forbidden },
        { "DTD in the envelope", "hostile_xml", HttpStatusCode.BadRequest },
        { "external entity in the envelope", "hostile_xml", HttpStatusCode.BadRequest },
        { "DTD in the decrypted event", "hostile_xml", HttpStatusCode.BadRequest },
        { "envelope is not xml", "malformed_envelope", HttpStatusCode.BadRequest },
        { "envelope without Encrypt", "malformed_envelope", HttpStatusCode.BadRequest },
        { "body over 64 KiB", "body_too_large", HttpStatusCode.RequestEntityTooLarge },
        { "unknown suite", "unknown_suite", HttpStatusCode.NotFound },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_refused_publishes_nothing_and_the_receiver_keeps_serving(string input, string reason, HttpStatusCode status)
    {
        var broker = new ControllableBroker();
        await using var app = ReceiverHost.WithBroker(Suite, broker);

        var response = await app.PostAsync(Build(input));

        Assert.Equal(status, response.StatusCode);
        Assert.Contains($"\"title\":\"{reason}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(broker.Published);
        var log = app.LogText();
        Assert.Contains(reason, log, StringComparison.Ordinal);
        Assert.DoesNotContain(Suite.EncodingAesKey, log, StringComparison.Ordinal);
        Assert.DoesNotContain(Suite.Token, log, StringComparison.Ordinal);

        var next = await app.PostAsync(SignedCallback.Post(Suite, "command", EventXml.ContactAdded(Suite)));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Single(broker.Published);
    }

    private static SignedCallback Build(string input)
    {
        var good = EventXml.ContactAdded(Suite);
        return input switch
        {
            "forged signature" => Tamper(SignedCallback.Post(Suite, "command", good), "msg_signature=", "msg_signature=0"),
            "missing signature" => Tamper(SignedCallback.Post(Suite, "command", good), "msg_signature=", "signature="),
            "stale timestamp" => SignedCallback.Post(Suite, "command", good, timestamp: DateTimeOffset.UtcNow.AddMinutes(-6)),
            "bad base64" => Envelope("not*base64!"),
            "ciphertext not whole blocks" => Envelope(Convert.ToBase64String(new byte[40])),
            "pad byte 0" => Envelope(RawCiphertext.WithPadByte(Suite, 0)),
            "pad byte 33" => Envelope(RawCiphertext.WithPadByte(Suite, 33)),
            "length field past the end" => Envelope(RawCiphertext.WithLengthField(Suite, 4096)),
            "sealed for another suite" => SignedCallback.Post(Suite, "command", good, receiveId: "wwanothersuite01"),
            "data url corp differs from ToUserName" => SignedCallback.Post(Suite, "data", good, receiveId: Suite.CorpId, toUserName: "wwanothercorp001"),
            "DTD in the envelope" => SignedCallback.Raw(Suite, "command", "abc",
                "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]><xml><Encrypt>&lol2;</Encrypt></xml>"),
            "external entity in the envelope" => SignedCallback.Raw(Suite, "command", "abc",
                "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><xml><Encrypt>&xxe;</Encrypt></xml>"),
            "DTD in the decrypted event" => SignedCallback.Post(Suite, "command",
                "<!DOCTYPE xml [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><xml><InfoType>&b;</InfoType></xml>"),
            "envelope is not xml" => SignedCallback.Raw(Suite, "command", "abc", "this is not xml"),
            "envelope without Encrypt" => SignedCallback.Raw(Suite, "command", "abc", "<xml><ToUserName>x</ToUserName></xml>"),
            "body over 64 KiB" => SignedCallback.Raw(Suite, "command", "abc", "<xml><Encrypt>" + new string('A', 70_000) + "</Encrypt></xml>"),
            "unknown suite" => Tamper(SignedCallback.Post(Suite, "command", good), Suite.SuiteId, "wwnosuchsuite"),
            _ => throw new ArgumentOutOfRangeException(nameof(input), input, null),
        };
    }

    private static SignedCallback Envelope(string encrypted) =>
        SignedCallback.Raw(Suite, "command", encrypted, $"<xml><ToUserName>{Suite.SuiteId}</ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>");

    private static SignedCallback Tamper(SignedCallback callback, string find, string replace) =>
        callback with { PathAndQuery = callback.PathAndQuery.Replace(find, replace, StringComparison.Ordinal) };

    [Theory]
    [InlineData("PUT", "command")]
    [InlineData("DELETE", "data")]
    [InlineData("PROPFIND", "command")]
    public async Task Another_method_on_a_callback_url_is_a_labelled_405_naming_GET_and_POST(string method, string url)
    {
        var broker = new ControllableBroker();
        await using var app = ReceiverHost.WithBroker(Suite, broker);
        var callback = SignedCallback.Post(Suite, url, EventXml.ContactAdded(Suite));
        using var request = new HttpRequestMessage(new HttpMethod(method), callback.PathAndQuery) { Content = new ByteArrayContent(callback.Body) };

        using var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "POST"], response.Content.Headers.Allow.Order());
        Assert.Contains("\"title\":\"method_not_allowed\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(broker.Published);
    }

    [Fact]
    public async Task Oversized_body_without_content_length_is_cut_off_at_the_limit()
    {
        var broker = new ControllableBroker();
        await using var app = ReceiverHost.WithBroker(Suite, broker);
        using var request = new HttpRequestMessage(HttpMethod.Post, SignedCallback.Post(Suite, "command", "<xml/>").PathAndQuery)
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("<xml><Encrypt>" + new string('A', 200_000) + "</Encrypt></xml>"))),
        };
        request.Headers.TransferEncodingChunked = true;

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(broker.Published);
    }
}
