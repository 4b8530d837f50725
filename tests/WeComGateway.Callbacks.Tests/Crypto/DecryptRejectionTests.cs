using System.Buffers.Binary;
using System.Text;
using static WeComGateway.Callbacks.Tests.ProtocolVectors;

namespace WeComGateway.Callbacks.Tests;

/// <summary>Decrypt is strict: a ciphertext that is not exactly what WeCom produces is refused with its reason.</summary>
public sealed class DecryptRejectionTests : IDisposable
{
    private readonly CallbackCrypto _crypto = new(OfficialToken, OfficialKey);

    public void Dispose() => _crypto.Dispose();

    [Theory]
    [InlineData("not base64!")]
    [InlineData("QUJD*")]
    [InlineData("QUJDRA=")]
    public void Text_that_is_not_Base64_is_BadBase64(string encrypted)
    {
        AssertRejected(CallbackRejection.BadBase64, encrypted);
    }

    [Fact]
    public void An_empty_ciphertext_is_BadCiphertextLength()
    {
        AssertRejected(CallbackRejection.BadCiphertextLength, "");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(17)]
    [InlineData(33)]
    public void A_ciphertext_that_is_not_whole_AES_blocks_is_BadCiphertextLength(int bytes)
    {
        AssertRejected(CallbackRejection.BadCiphertextLength, Convert.ToBase64String(new byte[bytes]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    [InlineData(255)]
    public void A_pad_byte_outside_1_to_32_is_BadPadding(int pad)
    {
        var plain = Plaintext("<xml/>", OfficialCorpId);
        plain[^1] = (byte)pad;

        AssertRejected(CallbackRejection.BadPadding, RawAes.Encrypt(OfficialKey, plain));
    }

    [Fact]
    public void Pad_bytes_that_do_not_all_equal_the_pad_length_are_BadPadding()
    {
        var plain = Plaintext("<xml/>", OfficialCorpId);
        var pad = plain[^1];
        Assert.True(pad > 1);
        plain[^pad] ^= 0x01;

        AssertRejected(CallbackRejection.BadPadding, RawAes.Encrypt(OfficialKey, plain));
    }

    [Fact]
    public void A_pad_longer_than_a_single_block_ciphertext_is_BadPadding()
    {
        var plain = new byte[16];
        plain.AsSpan().Fill(20);

        AssertRejected(CallbackRejection.BadPadding, RawAes.Encrypt(OfficialKey, plain));
    }

    [Fact]
    public void A_length_field_larger_than_the_plaintext_is_BadMessageLength()
    {
        var plain = Plaintext("<xml/>", OfficialCorpId);
        BinaryPrimitives.WriteInt32BigEndian(plain.AsSpan(16), 6 + OfficialCorpId.Length + 1);

        AssertRejected(CallbackRejection.BadMessageLength, RawAes.Encrypt(OfficialKey, plain));
    }

    [Fact]
    public void A_negative_length_field_is_BadMessageLength()
    {
        var plain = Plaintext("<xml/>", OfficialCorpId);
        BinaryPrimitives.WriteInt32BigEndian(plain.AsSpan(16), int.MinValue);

        AssertRejected(CallbackRejection.BadMessageLength, RawAes.Encrypt(OfficialKey, plain));
    }

    [Fact]
    public void A_plaintext_shorter_than_its_header_is_BadMessageLength()
    {
        var plain = new byte[32];
        plain.AsSpan(16).Fill(16);

        AssertRejected(CallbackRejection.BadMessageLength, RawAes.Encrypt(OfficialKey, plain));
    }

    [Fact]
    public void A_message_that_is_not_UTF8_is_BadMessageLength()
    {
        var plain = Plaintext("<xml>ab</xml>", OfficialCorpId);
        plain[20 + 5] = 0xC3;
        plain[20 + 6] = 0x28;

        AssertRejected(CallbackRejection.BadMessageLength, RawAes.Encrypt(OfficialKey, plain));
    }

    [Fact]
    public void A_ciphertext_under_another_key_does_not_decrypt()
    {
        using var other = new CallbackCrypto(V3.Token, V3.Key);

        var error = Assert.Throws<CallbackRejectedException>(() => other.Decrypt(V1.Encrypt));

        Assert.Contains(error.Reason, new[] { CallbackRejection.BadPadding, CallbackRejection.BadMessageLength });
    }

    [Fact]
    public void Rejection_messages_never_quote_the_plaintext()
    {
        var plain = Plaintext("<xml><AuthCode>SECRET-CODE</AuthCode></xml>", OfficialCorpId);
        BinaryPrimitives.WriteInt32BigEndian(plain.AsSpan(16), 4096);

        var error = Assert.Throws<CallbackRejectedException>(() => _crypto.Decrypt(RawAes.Encrypt(OfficialKey, plain)));

        Assert.DoesNotContain("SECRET", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A well-formed WeCom plaintext (zero prefix, 32-byte PKCS#7), for tests to corrupt one field of.</summary>
    private static byte[] Plaintext(string message, string receiveId)
    {
        var body = Encoding.UTF8.GetBytes(message);
        var id = Encoding.UTF8.GetBytes(receiveId);
        var unpadded = 20 + body.Length + id.Length;
        var pad = 32 - (unpadded % 32);
        var plain = new byte[unpadded + pad];
        BinaryPrimitives.WriteInt32BigEndian(plain.AsSpan(16), body.Length);
        body.CopyTo(plain, 20);
        id.CopyTo(plain, 20 + body.Length);
        plain.AsSpan(unpadded).Fill((byte)pad);
        return plain;
    }

    private void AssertRejected(CallbackRejection reason, string encrypted)
    {
        var error = Assert.Throws<CallbackRejectedException>(() => _crypto.Decrypt(encrypted));
        Assert.Equal(reason, error.Reason);
    }
}
