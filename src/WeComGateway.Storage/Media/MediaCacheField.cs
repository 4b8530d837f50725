using System.Security.Cryptography;
using System.Text;

namespace WeComGateway.Storage.Media;

/// <summary>
/// The name of one cached media id inside the corp's media hash: <c>{purpose}:{type}:{sha256(source identity)}</c>.
/// The source (a path, a URL) is hashed, so nothing an operator wrote becomes part of a key and every field has one
/// short, safe shape.
/// </summary>
public static class MediaCacheField
{
    private const int HashLength = 64;
    private const int MaxPartLength = 32;

    /// <summary>The field for an upload of <paramref name="sourceIdentity"/> as <paramref name="type"/> for <paramref name="purpose"/>.</summary>
    public static string Of(string purpose, string type, string sourceIdentity)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceIdentity);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sourceIdentity)));
        return Validate($"{purpose}:{type}:{hash}");
    }

    /// <summary>Returns <paramref name="field"/> when it has the shape of <see cref="Of"/>; otherwise throws.</summary>
    public static string Validate(string field)
    {
        ArgumentException.ThrowIfNullOrEmpty(field);
        var parts = field.Split(':');
        if (parts.Length != 3 || !IsName(parts[0]) || !IsName(parts[1]) || parts[2].Length != HashLength || !parts[2].All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("A media cache field is {purpose}:{type}:{sha256 hex}.", nameof(field));
        }

        return field;
    }

    private static bool IsName(string part) =>
        part.Length is > 0 and <= MaxPartLength && part.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
}
