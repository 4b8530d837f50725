using System.Security.Cryptography;
using System.Text;
using WeComGateway.Contracts;
using static WeComGateway.Callbacks.Tests.ProtocolVectors;

namespace WeComGateway.Callbacks.Tests;

/// <summary>Every published vector (docs/wecom-protocol.md, "Test vectors"): signature, plaintext, receive id, and the encrypt direction.</summary>
public sealed class OfficialVectorTests : IDisposable
{
    private readonly CallbackCrypto _official = new(OfficialToken, OfficialKey);
    private readonly CallbackCrypto _python = new(V3.Token, V3.Key);

    public void Dispose()
    {
        _official.Dispose();
        _python.Dispose();
    }

    [Fact]
    public void Official_POST_vector_V1_has_the_published_signature()
    {
        Assert.Equal(V1.Signature, _official.ComputeSignature(V1.Timestamp, V1.Nonce, V1.Encrypt));
        Assert.True(_official.VerifySignature(V1.Signature, V1.Timestamp, V1.Nonce, V1.Encrypt));
    }

    [Fact]
    public void Official_POST_vector_V1_decrypts_to_the_hello_message()
    {
        var envelope = CallbackEnvelope.Parse(Encoding.UTF8.GetBytes(V1.Envelope));
        var decrypted = _official.Decrypt(envelope.Encrypt);

        Assert.Equal(V1.Message, decrypted.Message);
        Assert.Equal(OfficialCorpId, decrypted.ReceiveId);
        Assert.Equal(284, Encoding.UTF8.GetByteCount(decrypted.Message));
    }

    [Fact]
    public void Official_POST_vector_V1_is_padded_with_30_bytes_which_dotnet_PKCS7_mode_would_reject()
    {
        Assert.Equal(30, RawAes.PadOf(OfficialKey, V1.Encrypt));
    }

    [Fact]
    public void Encrypting_the_V1_message_with_its_random_prefix_reproduces_the_published_ciphertext()
    {
        var encrypted = _official.Encrypt(V1.Message, OfficialCorpId, Encoding.ASCII.GetBytes(V1.RandomPrefix));

        Assert.Equal(V1.Encrypt, encrypted);
    }

    [Fact]
    public void Official_GET_vector_V2_verifies_once_URL_decoded_and_decrypts_to_the_echo_reply()
    {
        Assert.Equal(V2.EchoStr, Uri.UnescapeDataString(V2.EchoStrOnTheWire));
        Assert.True(_official.VerifySignature(V2.Signature, V2.Timestamp, V2.Nonce, V2.EchoStr));

        var decrypted = _official.Decrypt(V2.EchoStr);

        Assert.Equal(V2.Reply, decrypted.Message);
        Assert.Equal(OfficialCorpId, decrypted.ReceiveId);
        Assert.Equal(7, RawAes.PadOf(OfficialKey, V2.EchoStr));
    }

    [Fact]
    public void Official_GET_vector_V2_still_encoded_fails_the_signature()
    {
        Assert.False(_official.VerifySignature(V2.Signature, V2.Timestamp, V2.Nonce, V2.EchoStrOnTheWire));
    }

    [Fact]
    public void Encrypting_the_V2_reply_with_its_random_prefix_reproduces_the_published_echostr()
    {
        var encrypted = _official.Encrypt(V2.Reply, OfficialCorpId, Encoding.ASCII.GetBytes(V2.RandomPrefix));

        Assert.Equal(V2.EchoStr, encrypted);
    }

    [Fact]
    public void Python_sample_GET_vector_V3_verifies_and_decrypts_to_the_echo_reply()
    {
        Assert.Equal(V3.Signature, _python.ComputeSignature(V3.Timestamp, V3.Nonce, V3.EchoStr));

        var decrypted = _python.Decrypt(V3.EchoStr);

        Assert.Equal(V3.Reply, decrypted.Message);
        Assert.Equal(V3.CorpId, decrypted.ReceiveId);
    }

    [Fact]
    public void Python_sample_POST_vector_V4_with_Chinese_content_goes_envelope_to_message()
    {
        var envelope = CallbackEnvelope.Parse(Encoding.UTF8.GetBytes(V4.Envelope));
        Assert.Equal(V3.CorpId, envelope.ToUserName);
        Assert.Equal("1000002", envelope.AgentId);
        Assert.True(_python.VerifySignature(V4.Signature, V4.Timestamp, V4.Nonce, envelope.Encrypt));

        var decrypted = _python.Decrypt(envelope.Encrypt);

        Assert.Equal(V4.Message, decrypted.Message);
        Assert.Equal(228, Encoding.UTF8.GetByteCount(decrypted.Message));
        Assert.Equal(V3.CorpId, decrypted.ReceiveId);
        Assert.Equal(22, RawAes.PadOf(V3.Key, V4.Encrypt));
    }

    [Fact]
    public void Go_sample_JSON_vector_V5_goes_envelope_to_message()
    {
        var envelope = CallbackEnvelope.Parse(Encoding.UTF8.GetBytes(V5.Envelope));
        Assert.Equal(OfficialCorpId, envelope.ToUserName);
        Assert.Equal("218", envelope.AgentId);
        Assert.True(_official.VerifySignature(V5.Signature, V5.Timestamp, V5.Nonce, envelope.Encrypt));

        var decrypted = _official.Decrypt(envelope.Encrypt);

        Assert.Equal(V5.Message, decrypted.Message);
        Assert.Equal(OfficialCorpId, decrypted.ReceiveId);
        Assert.Equal(22, RawAes.PadOf(OfficialKey, V5.Encrypt));
    }

    [Fact]
    public void PowerWeChat_capture_V6_verifies_and_decrypts_with_the_corp_as_receive_id()
    {
        using var crypto = new CallbackCrypto(V6.Token, V6.Key);
        Assert.True(crypto.VerifySignature(V6.Signature, V6.Timestamp, V6.Nonce, V6.Encrypt));

        var decrypted = crypto.Decrypt(V6.Encrypt);

        Assert.Equal(V6.Message, decrypted.Message);
        Assert.Equal(290, Encoding.UTF8.GetByteCount(decrypted.Message));
        Assert.Equal(V6.ReceiveId, decrypted.ReceiveId);
        Assert.Equal(24, RawAes.PadOf(V6.Key, V6.Encrypt));
    }

    [Fact]
    public void AI_bot_vector_V7_decrypts_to_JSON_with_an_empty_receive_id()
    {
        Assert.True(_official.VerifySignature(V7.Signature, V7.Timestamp, V7.Nonce, V7.Encrypt));

        var decrypted = _official.Decrypt(V7.Encrypt);

        Assert.Equal(string.Empty, decrypted.ReceiveId);
        Assert.Equal(V7.MessageBytes, Encoding.UTF8.GetByteCount(decrypted.Message));
        Assert.StartsWith("{", decrypted.Message, StringComparison.Ordinal);
        Assert.Contains("\"msgtype\": \"text\"", decrypted.Message, StringComparison.Ordinal);
        Assert.Equal(31, RawAes.PadOf(OfficialKey, V7.Encrypt));
    }

    [Fact]
    public void AI_bot_vector_V7_is_published_as_an_unrecognized_json_callback_rather_than_lost()
    {
        var decrypted = _official.Decrypt(V7.Encrypt);

        var parsed = CallbackEventParser.Parse(decrypted.Message, new CallbackContext("suite", "", DateTimeOffset.UnixEpoch));

        var unrecognized = Assert.IsType<UnrecognizedCallbackReceived>(parsed.Event);
        Assert.Equal("json", unrecognized.Kind);
        Assert.Equal(decrypted.Message, unrecognized.Xml);
    }

    [Fact]
    public void SKIT_vector_V8_verifies_only_when_sorted_ordinally()
    {
        using var crypto = new CallbackCrypto(V8.Token, OfficialKey);

        Assert.Equal(V8.Signature, crypto.ComputeSignature(V8.Timestamp, V8.Nonce, V8.Ciphertext));
        Assert.True(crypto.VerifySignature(V8.Signature, V8.Timestamp, V8.Nonce, V8.Ciphertext));
        Assert.NotEqual(V8.Signature, CaseBlindSortedSignature(V8.Token, V8.Timestamp, V8.Nonce, V8.Ciphertext));
    }

    /// <summary>
    /// The bug SKIT #4 shipped: a sort that is not byte-wise puts <c>ovAk…</c> before <c>Q/jU…</c>. Culture sorting
    /// does that, but this build runs with invariant globalization, so a case-blind sort stands in for it.
    /// </summary>
    private static string CaseBlindSortedSignature(params string[] parts)
    {
        Array.Sort(parts, StringComparer.OrdinalIgnoreCase);
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts))));
    }
}
