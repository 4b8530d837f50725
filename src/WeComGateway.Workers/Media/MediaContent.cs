using System.Security.Cryptography;
using WeComGateway.WeComApi.Media;

namespace WeComGateway.Workers.Media;

/// <summary>The bytes of a source, ready to upload: the name WeCom shows (its extension must fit the type), the content type, the SHA-256.</summary>
internal sealed record MediaContent(byte[] Bytes, string FileName, string ContentType)
{
    /// <summary>WeCom refuses files of 5 bytes or less (40006).</summary>
    public const int MinBytesExclusive = 5;

    public string Sha256 { get; } = Convert.ToHexStringLower(SHA256.HashData(Bytes));

    private static readonly Dictionary<string, string> ImageTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".png"] = "image/png",
    };

    private static readonly Dictionary<string, string> VideoTypes = new(StringComparer.OrdinalIgnoreCase) { [".mp4"] = "video/mp4" };

    /// <summary>
    /// The extensions and content types WeCom takes for <paramref name="type"/> (image: JPG, PNG; video: MP4; a file:
    /// any), or null for any.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? Allowed(string type) => type switch
    {
        MediaTypes.Image => ImageTypes,
        MediaTypes.Video => VideoTypes,
        _ => null,
    };

    /// <summary>The content type of a local file of <paramref name="type"/> by its extension; a refusal when WeCom would not take it.</summary>
    public static string ContentTypeOfFile(string type, string fileName)
    {
        var extension = Path.GetExtension(fileName);
        if (Allowed(type) is not { } allowed)
        {
            return "application/octet-stream";
        }

        return allowed.TryGetValue(extension, out var contentType)
            ? contentType
            : throw new MediaSourceException($"A {type} must be {string.Join(", ", allowed.Keys)}; '{Path.GetFileName(fileName)}' is not.");
    }

    /// <summary>
    /// The name to upload a download of <paramref name="type"/> under: the URL's last segment when its extension fits,
    /// else a name with the extension of <paramref name="contentType"/>, which must be one WeCom takes.
    /// </summary>
    public static string FileNameOfDownload(string type, Uri url, string? contentType)
    {
        var name = Uri.UnescapeDataString(url.Segments.LastOrDefault() ?? string.Empty).Trim('/');
        if (Allowed(type) is not { } allowed)
        {
            return string.IsNullOrWhiteSpace(name) ? "file" : name;
        }

        var byType = allowed.FirstOrDefault(a => string.Equals(a.Value, contentType, StringComparison.OrdinalIgnoreCase));
        if (byType.Key is null)
        {
            throw new MediaSourceException(
                $"The {type} at {url.GetLeftPart(UriPartial.Path)} came as '{contentType ?? "no content type"}'; WeCom takes {string.Join(", ", allowed.Values.Distinct())}.");
        }

        return allowed.ContainsKey(Path.GetExtension(name)) ? name : $"{type}{byType.Key}";
    }
}
