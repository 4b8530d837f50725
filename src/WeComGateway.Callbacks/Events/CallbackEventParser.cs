using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml;
using WeComGateway.Contracts;

namespace WeComGateway.Callbacks;

/// <summary>What the receiver knows about a callback besides its plaintext.</summary>
/// <param name="SuiteId">The suite whose URL received it.</param>
/// <param name="ReceiveId">The receive id sealed in the ciphertext (a corp id on the data URL).</param>
/// <param name="ReceivedAt">Arrival time.</param>
public sealed record CallbackContext(string SuiteId, string ReceiveId, DateTimeOffset ReceivedAt);

/// <summary>A decrypted callback mapped to its contract.</summary>
/// <param name="Event">The record to publish.</param>
/// <param name="Kind">InfoType or Event, then ChangeType/UpdateDetail, e.g. <c>change_external_contact/add_external_contact</c>.</param>
/// <param name="SuiteTicket">The ticket of a <c>suite_ticket</c> callback: kept off the bus, written to the store.</param>
public sealed record ParsedCallback(WeComCallbackEvent Event, string Kind, string? SuiteTicket)
{
    /// <summary>create_auth, change_auth, cancel_auth, reset_permanent_code: WeCom wants an answer within 1 s.</summary>
    public bool IsAuthorizationEvent => Event is AuthorizationCreated or AuthorizationChanged or AuthorizationCancelled or PermanentCodeReset;
}

/// <summary>Decrypted callback plaintext → contract record. Pure: no I/O, no clock (the context carries the time).</summary>
public static class CallbackEventParser
{
    /// <summary>The <see cref="UnrecognizedCallbackReceived.Kind"/> of a plaintext that is JSON rather than XML.</summary>
    public const string JsonKind = "json";

    /// <summary>
    /// Maps the decrypted XML (either the <c>InfoType</c> shape or the <c>MsgType=event</c> shape) to its contract;
    /// an event we do not know becomes <see cref="UnrecognizedCallbackReceived"/> carrying the XML.
    /// Throws <see cref="CallbackRejectedException"/>: MalformedEvent, HostileXml.
    /// </summary>
    public static ParsedCallback Parse(string decryptedMessage, CallbackContext context)
    {
        ArgumentNullException.ThrowIfNull(decryptedMessage);
        ArgumentNullException.ThrowIfNull(context);

        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(decryptedMessage));
        var length = 0;
        try
        {
            length = Encoding.UTF8.GetBytes(decryptedMessage, buffer);
            return Parse(buffer.AsSpan(0, length), context);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// <see cref="Parse(string, CallbackContext)"/> over the plaintext as UTF-8 (<see cref="Utf8DecryptedMessage.Message"/>):
    /// WeCom's flat shape is read by a bounded scanner that makes strings only for the fields the record keeps;
    /// anything else goes to <see cref="System.Xml.XmlReader"/> with DTDs prohibited.
    /// </summary>
    public static ParsedCallback Parse(ReadOnlySpan<byte> utf8Message, CallbackContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        var dedupeKey = ComputeDedupeKey(utf8Message);
        if (IsJson(utf8Message))
        {
            var header = new EventHeader(context.SuiteId, null, context.ReceivedAt, context.ReceivedAt, dedupeKey);
            return new ParsedCallback(Unrecognized(JsonKind, utf8Message, header, isXml: false), JsonKind, null);
        }

        var fields = default(EventFields);
        if (!EventScanner.TryRead(utf8Message, ref fields))
        {
            ReadXml(utf8Message, ref fields);
        }

        return Map(fields, utf8Message, context, dedupeKey);
    }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 plaintext: the dedupe key.</summary>
    public static string ComputeDedupeKey(string decryptedMessage)
    {
        ArgumentNullException.ThrowIfNull(decryptedMessage);
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(decryptedMessage));
        var length = 0;
        try
        {
            length = Encoding.UTF8.GetBytes(decryptedMessage, buffer);
            return ComputeDedupeKey(buffer.AsSpan(0, length));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary><see cref="ComputeDedupeKey(string)"/> over the plaintext as UTF-8: one hash into the stack, hex once.</summary>
    public static string ComputeDedupeKey(ReadOnlySpan<byte> utf8Message)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var sha256 = ThreadHashes.Sha256;
        sha256.AppendData(utf8Message);
        sha256.GetHashAndReset(hash);
        return Convert.ToHexStringLower(hash);
    }

    private static ParsedCallback Map(in EventFields f, ReadOnlySpan<byte> plaintext, CallbackContext context, string dedupeKey)
    {
        var root = f.Root;
        if (root is null)
        {
            // A plain message (text, image, …) on the data URL: not an event, but not to be lost either.
            return f.MsgType is { } msgType && msgType != "event"
                ? new ParsedCallback(Unrecognized(msgType, plaintext, Header(f, context, dedupeKey), isXml: true), msgType, null)
                : throw Malformed("the message has neither InfoType nor MsgType=event with an Event");
        }

        var kind = KindOf(root, f.ChangeType, f.UpdateDetail);
        var h = Header(f, context, dedupeKey);
        var mapped = root switch
        {
            "change_external_contact" => ExternalContactMapper.Map(f, h),
            "change_external_chat" => GroupChatMapper.Map(f, h),
            "change_external_tag" => CorpTagMapper.Map(f, h),
            "change_contact" => DirectoryMapper.Map(f, h),
            "suite_ticket" when f.SuiteTicket is null => throw Malformed("a suite_ticket callback has no SuiteTicket"),
            _ => SuiteMapper.Map(root, f, h) ?? CommerceMapper.Map(root, f, h),
        };

        return new ParsedCallback(
            mapped ?? Unrecognized(kind, plaintext, h, isXml: true),
            kind,
            root == "suite_ticket" ? f.SuiteTicket : null);
    }

    /// <remarks>WeCom plaintexts are UTF-8 by protocol (the length field counts UTF-8 bytes), so bytes are what we read.</remarks>
    private static void ReadXml(ReadOnlySpan<byte> utf8, ref EventFields f)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(utf8.Length);
        try
        {
            utf8.CopyTo(buffer);
            using var reader = SecureXml.CreateReader(buffer, utf8.Length);
            EventXmlReader.Read(reader, ref f);
        }
        catch (XmlException ex) when (SecureXml.DeclaresDtd(utf8))
        {
            throw new CallbackRejectedException(
                CallbackRejection.HostileXml, $"the message declares a DTD or entities (line {ex.LineNumber})");
        }
        catch (XmlException ex)
        {
            // The XmlException text can quote the plaintext: keep only where it failed.
            throw Malformed($"the message is not well-formed XML (line {ex.LineNumber}, position {ex.LinePosition})");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, utf8.Length));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static EventHeader Header(in EventFields f, CallbackContext context, string dedupeKey) =>
        new(context.SuiteId, CorpIdOf(f), EventTimeOf(f), context.ReceivedAt, dedupeKey);

    /// <summary>AuthCorpId; else the enterprise a field names (PaidCorpId, CorpId); else ToUserName of the event shape.</summary>
    private static string? CorpIdOf(in EventFields f) =>
        f.AuthCorpId ?? f.PaidCorpId ?? f.CorpId ?? (f.InfoType is null ? f.ToUserName : null);

    private static DateTimeOffset EventTimeOf(in EventFields f)
    {
        var text = f.TimeStamp ?? f.CreateTime ?? throw Malformed("the message has neither TimeStamp nor CreateTime");
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) &&
               seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : throw Malformed("the message time is not a Unix time in seconds");
    }

    private static string KindOf(string root, string? changeType, string? updateDetail) => (changeType, updateDetail) switch
    {
        (null, _) => root,
        (_, null) => string.Concat(root, "/", changeType),
        _ => string.Concat(root, "/", changeType, "/", updateDetail),
    };

    private static UnrecognizedCallbackReceived Unrecognized(string kind, ReadOnlySpan<byte> plaintext, in EventHeader h, bool isXml)
    {
        var text = Encoding.UTF8.GetString(plaintext);
        return new()
        {
            SuiteId = h.SuiteId, CorpId = h.CorpId, EventTime = h.EventTime, ReceivedAt = h.ReceivedAt, DedupeKey = h.DedupeKey,
            Kind = kind, Xml = isXml ? CredentialRedactor.Redact(text) : text,
        };
    }

    /// <summary>Starts with <c>{</c> or <c>[</c> after whitespace, byte order marks, whitespace (as <see cref="string.TrimStart()"/> sees it).</summary>
    private static bool IsJson(ReadOnlySpan<byte> utf8)
    {
        var rest = SkipRunes(SkipRunes(SkipRunes(utf8, Rune.IsWhiteSpace), static r => r.Value == 0xFEFF), Rune.IsWhiteSpace);
        return !rest.IsEmpty && rest[0] is (byte)'{' or (byte)'[';
    }

    private static ReadOnlySpan<byte> SkipRunes(ReadOnlySpan<byte> utf8, Func<Rune, bool> skip)
    {
        while (Rune.DecodeFromUtf8(utf8, out var rune, out var consumed) == OperationStatus.Done && skip(rune))
        {
            utf8 = utf8[consumed..];
        }

        return utf8;
    }

    private static CallbackRejectedException Malformed(string detail) => new(CallbackRejection.MalformedEvent, detail);
}
