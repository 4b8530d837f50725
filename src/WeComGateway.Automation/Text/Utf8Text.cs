using System.Globalization;
using System.Text;

namespace WeComGateway.Automation;

/// <summary>Length limits the way WeCom counts them, cutting only between whole characters (grapheme clusters).</summary>
internal static class Utf8Text
{
    public static int ByteCount(string text) => Encoding.UTF8.GetByteCount(text);

    /// <summary>The longest prefix of whole characters that is at most <paramref name="maxBytes"/> bytes of UTF-8.</summary>
    public static string TruncateToBytes(string text, int maxBytes)
    {
        if (text.Length * 3 <= maxBytes || ByteCount(text) <= maxBytes)
        {
            return text;
        }

        var bytes = 0;
        var end = 0;
        while (end < text.Length)
        {
            var length = StringInfo.GetNextTextElementLength(text, end);
            var elementBytes = Encoding.UTF8.GetByteCount(text.AsSpan(end, length));
            if (bytes + elementBytes > maxBytes)
            {
                break;
            }

            bytes += elementBytes;
            end += length;
        }

        return text[..end];
    }

    /// <summary>The longest prefix of whole characters that is at most <paramref name="maxChars"/> UTF-16 chars.</summary>
    public static string TruncateToChars(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }

        var end = 0;
        while (end < text.Length)
        {
            var length = StringInfo.GetNextTextElementLength(text, end);
            if (end + length > maxChars)
            {
                break;
            }

            end += length;
        }

        return text[..end];
    }
}
