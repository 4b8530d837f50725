using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using WeComGateway.Callbacks;
using WeComGateway.Contracts;

namespace WeComGateway.Benchmarks;

/// <summary>
/// The receiver's hot path for one ~1 KiB add_external_contact callback: envelope → signature → AES → event record
/// (including the dedupe hash) on the UTF-8 byte APIs the receiver calls, and each step alone; plus the same path on
/// the string APIs for comparison.
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
    private byte[] _encryptUtf8 = null!;
    private string _signature = null!;
    private string _plaintext = null!;
    private byte[] _plaintextUtf8 = null!;

    /// <summary>Bytes of the decrypted XML the benchmark parses.</summary>
    public static int PlaintextBytes { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _crypto = new CallbackCrypto(Token, EncodingAesKey);
        _plaintext = RealisticAddCustomerXml();
        PlaintextBytes = Encoding.UTF8.GetByteCount(_plaintext);
        _plaintextUtf8 = Encoding.UTF8.GetBytes(_plaintext);
        _encrypt = _crypto.Encrypt(_plaintext, SuiteId);
        _encryptUtf8 = Encoding.UTF8.GetBytes(_encrypt);
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
        var envelope = CallbackEnvelope.ParseUtf8(_body);
        if (!_crypto.VerifySignature(_signature, Timestamp, Nonce, envelope.Encrypt))
        {
            throw new InvalidOperationException("signature");
        }

        using var decrypted = _crypto.DecryptUtf8(envelope.Encrypt);
        return CallbackEventParser.Parse(decrypted.Message, _context).Event;
    }

    [Benchmark(Description = "full path, string APIs (CLI, emulator, tests)")]
    public WeComCallbackEvent FullPathStrings()
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
    public int EnvelopeOnly() => CallbackEnvelope.ParseUtf8(_body).Encrypt.Length;

    [Benchmark(Description = "verify signature")]
    public bool SignatureOnly() => _crypto.VerifySignature(_signature, Timestamp, Nonce, _encryptUtf8);

    [Benchmark(Description = "decrypt")]
    public int DecryptOnly()
    {
        using var decrypted = _crypto.DecryptUtf8(_encryptUtf8);
        return decrypted.Message.Length;
    }

    [Benchmark(Description = "event parse (incl. dedupe hash)")]
    public ParsedCallback ParseOnly() => CallbackEventParser.Parse(_plaintextUtf8, _context);

    [Benchmark(Description = "dedupe hash")]
    public string DedupeKeyOnly() => CallbackEventParser.ComputeDedupeKey(_plaintextUtf8);

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
