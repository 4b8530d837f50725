using System.Security.Cryptography;
using System.Text;

namespace WeComGateway.Storage.Customers;

/// <summary>A welcome code is a credential (it lets anyone send the welcome message): stores keep only its fingerprint.</summary>
internal static class WelcomeCodes
{
    /// <summary>The first 32 lower-case hex characters (128 bits) of the code's SHA-256.</summary>
    public static string Fingerprint(string welcomeCode)
    {
        ArgumentException.ThrowIfNullOrEmpty(welcomeCode);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(welcomeCode)).AsSpan(0, 16));
    }
}
