using System.Text;
using static WeComGateway.Callbacks.Tests.ProtocolVectors;

namespace WeComGateway.Callbacks.Tests;

/// <summary>
/// The receiver's byte path (<see cref="CallbackEnvelope.ParseUtf8"/>, the span <c>VerifySignature</c>,
/// <see cref="CallbackCrypto.DecryptUtf8"/>) answers exactly what the string path answers, rejections included.
/// </summary>
public sealed class Utf8PathTests : IDisposable
{
    private const int Cases = 100_000;

    private readonly CallbackCrypto _crypto = new(OfficialToken, OfficialKey);

    public void Dispose() => _crypto.Dispose();

    [Fact]
    public void The_official_callback_verifies_and_decrypts_from_the_body_bytes()
    {
        var envelope = CallbackEnvelope.ParseUtf8(Encoding.UTF8.GetBytes(V1.Envelope));

        Assert.Equal(OfficialCorpId, envelope.ToUserName);
        Assert.True(_crypto.VerifySignature(V1.Signature, V1.Timestamp, V1.Nonce, envelope.Encrypt));
        using var decrypted = _crypto.DecryptUtf8(envelope.Encrypt);
        Assert.Equal(V1.Message, Encoding.UTF8.GetString(decrypted.Message));
        Assert.Equal(OfficialCorpId, decrypted.ReceiveId);
    }

    [Theory]
    [InlineData("<xml><Encrypt><![CDATA[{0}]]></Encrypt></xml>")] // the scanner
    [InlineData("<?xml version=\"1.0\"?><xml><Encrypt>{0}</Encrypt><!-- c --></xml>")] // the full parser
    [InlineData("{{\"encrypt\":\"{0}\",\"agentid\":218}}")] // JSON
    public void Every_envelope_parser_gives_the_same_ciphertext_bytes(string format)
    {
        var body = Encoding.UTF8.GetBytes(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, V1.Encrypt));

        Assert.Equal(V1.Encrypt, Encoding.UTF8.GetString(CallbackEnvelope.ParseUtf8(body).Encrypt));
        Assert.Equal(V1.Encrypt, CallbackEnvelope.Parse(body).Encrypt);
    }

    [Fact]
    public void A_signature_over_other_bytes_fails()
    {
        var tampered = Encoding.ASCII.GetBytes("X" + V1.Encrypt[1..]);

        Assert.False(_crypto.VerifySignature(V1.Signature, V1.Timestamp, V1.Nonce, tampered));
        Assert.False(_crypto.VerifySignature(V1.Signature, V1.Timestamp, "1372623148", Encoding.ASCII.GetBytes(V1.Encrypt)));
    }

    [Fact]
    public void Base64_broken_by_line_breaks_is_read_as_leniently_as_the_string_path()
    {
        var wrapped = V1.Encrypt.Insert(76, "\n").Insert(10, " ");

        using var decrypted = _crypto.DecryptUtf8(Encoding.ASCII.GetBytes(wrapped));

        Assert.Equal(_crypto.Decrypt(wrapped).Message, Encoding.UTF8.GetString(decrypted.Message));
    }

    [Fact]
    public void Disposing_the_plaintext_lets_go_of_it()
    {
        var decrypted = _crypto.DecryptUtf8(Encoding.ASCII.GetBytes(V1.Encrypt));
        decrypted.Dispose();
        decrypted.Dispose();

        Assert.True(decrypted.Message.IsEmpty);
    }

    [Fact]
    public void Random_and_mutated_ciphertexts_get_the_same_answer_on_both_paths()
    {
        var random = new Random(20261208); // fixed: a failure reproduces
        var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \n\r\té-*"u8.ToArray();
        var decryptedCount = 0;
        for (var i = 0; i < Cases; i++)
        {
            var encrypted = i % 3 == 0 ? _crypto.Encrypt(RandomText(random), RandomText(random)) : Mutate(V1.Encrypt, alphabet, random);
            var utf8 = Encoding.UTF8.GetBytes(encrypted);

            Assert.Equal(_crypto.VerifySignature(V1.Signature, V1.Timestamp, V1.Nonce, encrypted), _crypto.VerifySignature(V1.Signature, V1.Timestamp, V1.Nonce, utf8));
            var expected = Outcome(() => _crypto.Decrypt(encrypted) is var d ? $"{d.ReceiveId}|{d.Message}" : null);
            var actual = Outcome(() =>
            {
                using var d = _crypto.DecryptUtf8(utf8);
                return $"{d.ReceiveId}|{Encoding.UTF8.GetString(d.Message)}";
            });

            Assert.True(expected == actual, $"case {i}: string path '{expected}', byte path '{actual}' for {encrypted}");
            decryptedCount += expected.StartsWith("ok:", StringComparison.Ordinal) ? 1 : 0;
        }

        Assert.True(decryptedCount > Cases / 4, $"only {decryptedCount} ciphertexts decrypted: the cases are too destructive");
    }

    private static string Outcome(Func<string?> run)
    {
        try
        {
            return "ok:" + run();
        }
        catch (CallbackRejectedException rejection)
        {
            return "rejected:" + rejection.Reason.Label();
        }
    }

    private static string Mutate(string seed, byte[] alphabet, Random random)
    {
        var text = new StringBuilder(seed);
        for (var edits = random.Next(0, 3); edits > 0; edits--)
        {
            var at = random.Next(0, text.Length);
            switch (random.Next(0, 3))
            {
                case 0:
                    text.Insert(at, (char)alphabet[random.Next(alphabet.Length)]);
                    break;
                case 1:
                    text.Remove(at, Math.Min(random.Next(1, 8), text.Length - at));
                    break;
                default:
                    text[at] = (char)alphabet[random.Next(alphabet.Length)];
                    break;
            }
        }

        return text.ToString();
    }

    private static string RandomText(Random random)
    {
        var chars = new char[random.Next(0, 40)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = random.Next(8) == 0 ? (char)random.Next(0x4E00, 0x9FFF) : (char)random.Next(0x20, 0x7F);
        }

        return new string(chars);
    }
}
