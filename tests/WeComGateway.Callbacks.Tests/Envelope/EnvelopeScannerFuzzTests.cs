using System.Text;
using static WeComGateway.Callbacks.Tests.ProtocolVectors;

namespace WeComGateway.Callbacks.Tests;

/// <summary>
/// The envelope scanner is the receiver's fast path over untrusted bytes. Held to two promises over 100,000 random
/// and mutated bodies: it never throws, and whatever it accepts the full parser (<see cref="XmlEnvelopeReader"/>, DTDs
/// prohibited) accepts with the same values. And <see cref="CallbackEnvelope.Parse"/> refuses everything else with the
/// typed rejection only.
/// </summary>
public sealed class EnvelopeScannerFuzzTests
{
    private const int Cases = 100_000;

    private static readonly string[] Pieces =
    [
        "<", ">", "</", "/>", "&", "&amp;", "&lt;", "]]>", "<![CDATA[", "]]", "\r", "\r\n", "\n", "\t", " ", "\0", "é", "\uFEFF",
        "<xml>", "</xml>", "<Encrypt>", "</Encrypt>", "<ToUserName>", "</ToUserName>", "<AgentID>", "</AgentID>", "<AgentId>",
        "<Other>", "</Other>", "<?xml version=\"1.0\"?>", "<!DOCTYPE xml [<!ENTITY e \"x\">]>", "&e;", "<!-- c -->", "<xml a=\"1\">",
        "<Encrypt/>", "<Encrypt><x/></Encrypt>", "+", "/", "=", "\"", "'",
    ];

    [Fact]
    public void The_canonical_envelope_takes_the_fast_path_with_the_full_parsers_values()
    {
        var body = Encoding.UTF8.GetBytes($"<xml><ToUserName><![CDATA[{OfficialCorpId}]]></ToUserName><Encrypt><![CDATA[{V1.Encrypt}]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>");

        Assert.True(EnvelopeScanner.TryRead(body, out var fast));
        var scanned = AsRecord(fast);

        Assert.Equal(new CallbackEnvelope(OfficialCorpId, "218", V1.Encrypt), scanned);
        Assert.Equal(XmlEnvelopeReader.Read(body), scanned);
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><xml><Encrypt>abc</Encrypt></xml>")]
    [InlineData("<xml><Encrypt>a&amp;b</Encrypt></xml>")]
    [InlineData("<xml><Encrypt>abc</Encrypt><Encrypt>def</Encrypt></xml>")]
    [InlineData("<xml><Encrypt>abc</Encrypt></xml>trailing")]
    [InlineData("<xml><Encrypt>a\r\nb</Encrypt></xml>")]
    [InlineData("<xml><Encrypt/></xml>")]
    [InlineData("<xml><Encrypt>a<![CDATA[bc]]></Encrypt></xml>")]
    [InlineData("<xml><Extra>1</Extra><Encrypt>abc</Encrypt></xml>")]
    [InlineData("<xml><ToUserName>é</ToUserName><Encrypt>abc</Encrypt></xml>")]
    public void Anything_but_the_exact_shape_is_left_to_the_full_parser(string body) =>
        Assert.False(EnvelopeScanner.TryRead(Encoding.UTF8.GetBytes(body), out _));

    [Fact]
    public void Random_and_mutated_bodies_never_make_the_scanner_disagree_with_the_full_parser_or_throw_untyped()
    {
        var random = new Random(20261206); // fixed: a failure reproduces
        var seed = $"<xml><ToUserName><![CDATA[{OfficialCorpId}]]></ToUserName><Encrypt><![CDATA[{V1.Encrypt}]]></Encrypt><AgentID>218</AgentID></xml>";
        int scannedCount = 0, rejectedCount = 0;
        for (var i = 0; i < Cases; i++)
        {
            var body = i % 10 == 0 ? Fuzz.RandomBytes(random) : Encoding.UTF8.GetBytes(Fuzz.Mutate(seed, Pieces, random));
            var scanned = EnvelopeScanner.TryRead(body, out var fast) ? AsRecord(fast) : null;
            CallbackEnvelope? full;
            try
            {
                full = XmlEnvelopeReader.Read(body);
            }
            catch (CallbackRejectedException)
            {
                full = null;
            }

            if (scanned is not null)
            {
                scannedCount++;
                Assert.True(scanned == full, $"case {i}: the scanner accepted what the full parser gives as {full?.ToString() ?? "a rejection"}: {Encoding.UTF8.GetString(body)}");
            }

            try
            {
                CallbackEnvelope.Parse(body);
            }
            catch (CallbackRejectedException)
            {
                rejectedCount++;
            }
        }

        Assert.True(scannedCount > Cases / 20, $"only {scannedCount} bodies took the fast path: the mutations are too destructive to test it");
        Assert.True(rejectedCount > Cases / 5, $"only {rejectedCount} bodies were refused: the mutations are too mild");
    }

    private static CallbackEnvelope AsRecord(Utf8CallbackEnvelope envelope) =>
        new(envelope.ToUserName, envelope.AgentId, Encoding.UTF8.GetString(envelope.Encrypt));
}
