using System.Buffers;

namespace WeComGateway.Callbacks;

/// <summary>
/// The few pieces of XML the scanners (<see cref="EnvelopeScanner"/>, <see cref="EventScanner"/>) read themselves, over
/// UTF-8 bytes: an open tag with a plain name, a leaf's one CDATA section or markup-free text, an exact end tag. Each
/// answers false for anything else, so the scanner hands the document to the XML reader.
/// </summary>
internal static class Utf8Markup
{
    /// <summary>Longer element names are left to the reader (no WeCom element comes close).</summary>
    public const int MaxNameLength = 64;

    /// <summary>Letters, digits and underscore: the names the scanners read themselves (no prefixes, dots or dashes).</summary>
    private static readonly SearchValues<byte> NameBytes =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"u8);

    /// <summary>The XML whitespace the scanners skip; CR never gets this far (the scanners refuse it up front).</summary>
    public static ReadOnlySpan<byte> Whitespace => " \t\n"u8;

    /// <summary><c>&lt;Name&gt;</c> with a plain ASCII name (letters, digits, underscore).</summary>
    public static bool TryOpen(scoped ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> tag)
    {
        tag = default;
        if (!Take(ref rest, "<"u8))
        {
            return false;
        }

        var close = rest.IndexOf((byte)'>');
        if (close is <= 0 or > MaxNameLength || !IsName(rest[..close]))
        {
            return false;
        }

        tag = rest[..close];
        rest = rest[(close + 1)..];
        return true;
    }

    /// <summary>
    /// After an open tag: whitespace, then one CDATA section or a run of text without markup or entities, then
    /// whitespace and the end tag. The value comes back with ASCII whitespace trimmed (empty when there was none).
    /// </summary>
    public static bool TryLeaf(scoped ref ReadOnlySpan<byte> rest, scoped ReadOnlySpan<byte> tag, out ReadOnlySpan<byte> value)
    {
        value = default;
        rest = rest.TrimStart(Whitespace);
        if (Take(ref rest, "<![CDATA["u8))
        {
            var end = rest.IndexOf("]]>"u8);
            if (end < 0)
            {
                return false;
            }

            value = rest[..end];
            rest = rest[(end + 3)..].TrimStart(Whitespace);
        }
        else
        {
            var end = rest.IndexOf((byte)'<');
            if (end < 0 || rest[..end].IndexOfAny("&>"u8) >= 0)
            {
                return false;
            }

            value = rest[..end];
            rest = rest[end..];
        }

        value = value.Trim(Whitespace);
        return TakeEnd(ref rest, tag);
    }

    public static bool IsName(ReadOnlySpan<byte> name) => !name.ContainsAnyExcept(NameBytes) && !char.IsAsciiDigit((char)name[0]);

    /// <summary><c>&lt;/tag&gt;</c> exactly.</summary>
    public static bool TakeEnd(scoped ref ReadOnlySpan<byte> rest, scoped ReadOnlySpan<byte> tag)
    {
        if (!rest.StartsWith("</"u8) || rest.Length < tag.Length + 3 || !rest[2..].StartsWith(tag) || rest[tag.Length + 2] != (byte)'>')
        {
            return false;
        }

        rest = rest[(tag.Length + 3)..];
        return true;
    }

    public static bool Take(scoped ref ReadOnlySpan<byte> rest, ReadOnlySpan<byte> expected)
    {
        if (!rest.StartsWith(expected))
        {
            return false;
        }

        rest = rest[expected.Length..];
        return true;
    }
}
