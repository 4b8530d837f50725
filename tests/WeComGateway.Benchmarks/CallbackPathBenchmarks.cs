using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using WeComGateway.Callbacks;
using WeComGateway.Contracts;

namespace WeComGateway.Benchmarks;

/// <summary>
/// The receiver's hot path for one ~1 KiB add_external_contact callback: envelope → signature → AES → event record
/// (including the dedupe hash), and each step alone.
/// </summary>
[MemoryDiagnoser]
public class CallbackPathBenchmarks : IDisposable
{
    private const string Token = "QDG6eK";
    private const string EncodingAesKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    private const string SuiteId = "ww4asffe99e54c0f4c";
    private const string Timestamp = "1403610513";
    private const string Nonce = "1372623149";

    private readonly CallbackContext _context = new(SuiteId, SuiteId, DateTimeOffset.UnixEpoch);
    private CallbackCrypto _crypto = null!;
    private byte[] _body = null!;
    private string _encrypt = null!;
    private string _signature = null!;
    private string _plaintext = null!;

    /// <summary>Bytes of the decrypted XML the benchmark parses.</summary>
    public static int PlaintextBytes { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _crypto = new CallbackCrypto(Token, EncodingAesKey);
        _plaintext = RealisticAddCustomerXml();
        PlaintextBytes = Encoding.UTF8.GetByteCount(_plaintext);
        _encrypt = _crypto.Encrypt(_plaintext, SuiteId);
        _signature = _crypto.ComputeSignature(Timestamp, Nonce, _encrypt);
        _body = Encoding.UTF8.GetBytes(
            $"<xml><ToUserName><![CDATA[{SuiteId}]]></ToUserName><Encrypt><![CDATA[{_encrypt}]]></Encrypt><AgentID><![CDATA[]]></AgentID></xml>");
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _crypto?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, Description = "full path: envelope+verify+decrypt+parse")]
    public WeComCallbackEvent FullPath()
    {
        var envelope = CallbackEnvelope.Parse(_body);
        if (!_crypto.VerifySignature(_signature, Timestamp, Nonce, envelope.Encrypt))
        {
            throw new InvalidOperationException("signature");
        }

        var decrypted = _crypto.Decrypt(envelope.Encrypt);
        return CallbackEventParser.Parse(decrypted.Message, _context).Event;
    }

    [Benchmark(Description = "envelope parse")]
    public CallbackEnvelope EnvelopeOnly() => CallbackEnvelope.Parse(_body);

    [Benchmark(Description = "verify signature")]
    public bool SignatureOnly() => _crypto.VerifySignature(_signature, Timestamp, Nonce, _encrypt);

    [Benchmark(Description = "decrypt")]
    public DecryptedMessage DecryptOnly() => _crypto.Decrypt(_encrypt);

    [Benchmark(Description = "event parse (incl. dedupe hash)")]
    public ParsedCallback ParseOnly() => CallbackEventParser.Parse(_plaintext, _context);

    [Benchmark(Description = "dedupe hash")]
    public string DedupeKeyOnly() => CallbackEventParser.ComputeDedupeKey(_plaintext);

    /// <summary>The documented third-party add_external_contact, grown to ~1 KiB the way real ones grow.</summary>
    private static string RealisticAddCustomerXml()
    {
        var xml = new StringBuilder()
            .Append("<xml>\n")
            .Append(CultureInfo.InvariantCulture, $"  <SuiteId><![CDATA[{SuiteId}]]></SuiteId>\n")
            .Append("  <AuthCorpId><![CDATA[wxf8b4f85f3a794e77]]></AuthCorpId>\n")
            .Append("  <InfoType><![CDATA[change_external_contact]]></InfoType>\n")
            .Append(CultureInfo.InvariantCulture, $"  <TimeStamp>{Timestamp}</TimeStamp>\n")
            .Append("  <ChangeType><![CDATA[add_external_contact]]></ChangeType>\n")
            .Append("  <UserID><![CDATA[woAJ2GCAAAd1NPGHKSD4wKmE8Aabj9AAA]]></UserID>\n")
            .Append("  <ExternalUserID><![CDATA[wmAJ2GCAAAme1XQRC-NI-q0_ZM9ukoAAAA]]></ExternalUserID>\n")
            .Append("  <State><![CDATA[spring-campaign-2025-shanghai]]></State>\n")
            .Append("  <WelcomeCode><![CDATA[bXV0aWxhdGVkLXdlbGNvbWUtY29kZS1mb3ItYmVuY2htYXJrLTAxMjM0NTY3ODk]]></WelcomeCode>\n")
            .Append("  <Source><![CDATA[]]></Source>\n");
        for (var i = 0; xml.Length < 1000; i++)
        {
            xml.Append(CultureInfo.InvariantCulture, $"  <ExtraField{i}><![CDATA[reserved-for-fields-wecom-adds-later-{i:D2}]]></ExtraField{i}>\n");
        }

        return xml.Append("</xml>").ToString();
    }
}
