using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WeComGateway.Testing;

/// <summary>Ciphertexts the real encryptor would never produce: for testing that the receiver refuses them.</summary>
public static class RawCiphertext
{
    /// <summary>AES-256-CBC over <paramref name="plaintext"/> exactly as given (no padding added), base64.</summary>
    public static string Encrypt(TestSuite suite, byte[] plaintext)
    {
        var key = Convert.FromBase64String(suite.EncodingAesKey + "=");
        using var aes = Aes.Create();
        aes.Key = key;
        return Convert.ToBase64String(aes.EncryptCbc(plaintext, key.AsSpan(0, 16), PaddingMode.None));
    }

    /// <summary>A well-formed layout whose last byte claims <paramref name="pad"/> bytes of padding.</summary>
    public static string WithPadByte(TestSuite suite, byte pad)
    {
        var plain = Layout("<xml/>", suite.SuiteId, declaredLength: null);
        var total = (plain.Length / 32 + 1) * 32;
        var buffer = new byte[total];
        plain.CopyTo(buffer, 0);
        buffer.AsSpan(plain.Length).Fill(pad);
        return Encrypt(suite, buffer);
    }

    /// <summary>A correctly padded layout whose 4-byte length field claims more bytes than there are.</summary>
    public static string WithLengthField(TestSuite suite, int declaredLength)
    {
        var plain = Layout("<xml/>", suite.SuiteId, declaredLength);
        var pad = 32 - plain.Length % 32;
        var buffer = new byte[plain.Length + pad];
        plain.CopyTo(buffer, 0);
        buffer.AsSpan(plain.Length).Fill((byte)pad);
        return Encrypt(suite, buffer);
    }

    /// <summary>A correctly padded layout around <paramref name="message"/> bytes as given (invalid UTF-8 included), sealed for <paramref name="receiveId"/>.</summary>
    public static string Seal(TestSuite suite, byte[] message, string receiveId)
    {
        var plain = Layout(message, receiveId, declaredLength: null);
        var pad = 32 - plain.Length % 32;
        var buffer = new byte[plain.Length + pad];
        plain.CopyTo(buffer, 0);
        buffer.AsSpan(plain.Length).Fill((byte)pad);
        return Encrypt(suite, buffer);
    }

    private static byte[] Layout(string message, string receiveId, int? declaredLength) =>
        Layout(Encoding.UTF8.GetBytes(message), receiveId, declaredLength);

    private static byte[] Layout(byte[] msg, string receiveId, int? declaredLength)
    {
        var id = Encoding.UTF8.GetBytes(receiveId);
        var buffer = new byte[20 + msg.Length + id.Length];
        RandomNumberGenerator.Fill(buffer.AsSpan(0, 16));
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(16), declaredLength ?? msg.Length);
        msg.CopyTo(buffer, 20);
        id.CopyTo(buffer, 20 + msg.Length);
        return buffer;
    }
}
