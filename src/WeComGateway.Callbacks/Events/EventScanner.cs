using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace WeComGateway.Callbacks;

/// <summary>
/// The fast path for a decrypted callback as WeCom writes it: <c>&lt;xml&gt;</c> holding elements whose value is one
/// CDATA section or plain text, plus the two lists the mappers read one level down (<c>MemChangeList</c> of
/// <c>Item</c>s, <c>AuthUserInfo</c> holding <c>UserId</c>). Anything else — a declaration, attributes, comments,
/// entities, CR, characters XML forbids, empty-element tags, other nesting (ContactSync), trailing content — is not
/// judged here: <see cref="TryRead"/> answers false and <see cref="EventXmlReader"/> (DTDs prohibited) decides. For
/// what it accepts it fills <see cref="EventFields"/> exactly as the reader would (a later duplicate wins, values
/// trimmed, empty as null); a differential fuzz test holds it to that. Strings are made only for the elements
/// <see cref="EventFields"/> keeps.
/// </summary>
internal static class EventScanner
{
    private static ReadOnlySpan<byte> Whitespace => Utf8Markup.Whitespace;

    /// <summary>Control bytes other than tab and LF: CR (the reader rewrites CR LF to LF) and those XML forbids.</summary>
    private static readonly SearchValues<byte> Controls =
        SearchValues.Create([.. Enumerable.Range(0, 0x20).Where(b => b is not '\t' and not '\n').Select(b => (byte)b)]);

    /// <returns>True with <paramref name="fields"/> filled; false (fields untouched) when the reader must decide.</returns>
    public static bool TryRead(ReadOnlySpan<byte> xml, ref EventFields fields)
    {
        if (xml.Length > SecureXml.Settings.MaxCharactersInDocument || !IsPlainXmlText(xml))
        {
            return false;
        }

        var rest = xml.TrimStart(Whitespace);
        if (!Utf8Markup.Take(ref rest, "<xml>"u8))
        {
            return false;
        }

        var f = default(EventFields);
        Span<char> name = stackalloc char[Utf8Markup.MaxNameLength];
        while (true)
        {
            rest = rest.TrimStart(Whitespace);
            if (Utf8Markup.Take(ref rest, "</xml>"u8))
            {
                break;
            }

            if (!Utf8Markup.TryOpen(ref rest, out var tag))
            {
                return false;
            }

            Ascii.ToUtf16(tag, name, out var length);
            var chars = name[..length];
            var read = chars switch
            {
                "MemChangeList" => TryItems(ref rest, tag, out f.MemChangeList),
                "AuthUserInfo" => TryAuthUserId(ref rest, tag, out f.AuthUserId),
                _ => TryField(ref rest, tag, ref EventFields.Slot(ref f, chars)),
            };

            if (!read)
            {
                return false;
            }
        }

        if (!rest.TrimStart(Whitespace).IsEmpty)
        {
            return false;
        }

        fields = f;
        return true;
    }

    /// <summary>A leaf element's value into <paramref name="slot"/>; an element <see cref="EventFields"/> does not keep (null ref) is only checked.</summary>
    private static bool TryField(ref ReadOnlySpan<byte> rest, scoped ReadOnlySpan<byte> tag, ref string? slot)
    {
        if (!Utf8Markup.TryLeaf(ref rest, tag, out var value))
        {
            return false;
        }

        if (!Unsafe.IsNullRef(ref slot))
        {
            slot = Text(value);
        }

        return true;
    }

    /// <summary><c>&lt;MemChangeList&gt;&lt;Item&gt;id&lt;/Item&gt;…&lt;/MemChangeList&gt;</c>: non-empty Items in order, other leaves ignored.</summary>
    private static bool TryItems(ref ReadOnlySpan<byte> rest, scoped ReadOnlySpan<byte> tag, out List<string>? items)
    {
        items = [];
        while (TryChild(ref rest, tag, out var child, out var value, out var done))
        {
            if (done)
            {
                return true;
            }

            if (child.SequenceEqual("Item"u8) && Text(value) is { } item)
            {
                items.Add(item);
            }
        }

        return false;
    }

    /// <summary><c>&lt;AuthUserInfo&gt;&lt;UserId&gt;…&lt;/UserId&gt;&lt;/AuthUserInfo&gt;</c>: the last UserId (or UserID).</summary>
    private static bool TryAuthUserId(ref ReadOnlySpan<byte> rest, scoped ReadOnlySpan<byte> tag, out string? userId)
    {
        userId = null;
        while (TryChild(ref rest, tag, out var child, out var value, out var done))
        {
            if (done)
            {
                return true;
            }

            if (child.SequenceEqual("UserId"u8) || child.SequenceEqual("UserID"u8))
            {
                userId = Text(value);
            }
        }

        return false;
    }

    /// <summary>The next leaf child of a list element, or <paramref name="done"/> at its end tag.</summary>
    private static bool TryChild(
        ref ReadOnlySpan<byte> rest, scoped ReadOnlySpan<byte> parent, out ReadOnlySpan<byte> child, out ReadOnlySpan<byte> value, out bool done)
    {
        child = default;
        value = default;
        done = false;
        rest = rest.TrimStart(Whitespace);
        if (Utf8Markup.TakeEnd(ref rest, parent))
        {
            done = true;
            return true;
        }

        return Utf8Markup.TryOpen(ref rest, out child) && Utf8Markup.TryLeaf(ref rest, child, out value);
    }

    /// <summary>
    /// The value as the reader gives it: UTF-8 decoded, trimmed as <see cref="string.Trim()"/> trims, empty as null.
    /// ASCII whitespace is already off, so the usual value is one string with no second trim copy.
    /// </summary>
    private static string? Text(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(value).Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>
    /// Only bytes the reader would take the same way: tab, LF and printable ASCII, and valid UTF-8 without U+FFFE or
    /// U+FFFF (XML forbids them). CR is refused because the reader rewrites CR LF to LF.
    /// </summary>
    private static bool IsPlainXmlText(ReadOnlySpan<byte> xml) =>
        !xml.ContainsAny(Controls) &&
        (Ascii.IsValid(xml) || (Utf8.IsValid(xml) && xml.IndexOf("\uFFFE"u8) < 0 && xml.IndexOf("\uFFFF"u8) < 0));
}
