using System.Security.Cryptography;

namespace WeComGateway.Callbacks.Tests;

/// <summary>AES-256-CBC under a WeCom key with no padding at all: to craft hostile plaintexts and inspect real ones.</summary>
internal static class RawAes
{
    public static string Encrypt(string encodingAesKey, byte[] plaintext)
    {
        using var aes = Create(encodingAesKey);
        return Convert.ToBase64String(aes.EncryptCbc(plaintext, aes.Key[..16], PaddingMode.None));
    }

    public static byte[] Decrypt(string encodingAesKey, string base64)
    {
        using var aes = Create(encodingAesKey);
        return aes.DecryptCbc(Convert.FromBase64String(base64), aes.Key[..16], PaddingMode.None);
    }

    /// <summary>The pad byte WeCom appended (the last plaintext byte).</summary>
    public static int PadOf(string encodingAesKey, string base64) => Decrypt(encodingAesKey, base64)[^1];

    private static Aes Create(string encodingAesKey)
    {
        var aes = Aes.Create();
        aes.Key = Convert.FromBase64String(encodingAesKey + "=");
        return aes;
    }
}
