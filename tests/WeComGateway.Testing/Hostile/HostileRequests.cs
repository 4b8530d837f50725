using System.Globalization;
using System.Text;
using WeComGateway.Callbacks;

namespace WeComGateway.Testing.Hostile;

/// <summary>One request a hostile or broken sender could make; none of them may be accepted.</summary>
/// <param name="Category">The generator that made it (the tally's first column).</param>
/// <param name="Chunked">Send the body without a Content-Length (the receiver must cut it off by reading).</param>
public sealed record HostileRequest(string Category, HttpMethod Method, string PathAndQuery, byte[]? Body, string? ContentType, bool Chunked = false)
{
    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(Method, PathAndQuery);
        if (Body is not null)
        {
            request.Content = Chunked ? new StreamContent(new MemoryStream(Body)) : new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }

            if (Chunked)
            {
                request.Headers.TransferEncodingChunked = true;
            }
        }

        return request;
    }
}

/// <summary>
/// Generators of hostile input against the callback URLs of one suite, each from a seeded <see cref="Random"/> so a
/// seed names a run's mix of mutations (the signatures' timestamps and nonces are fresh, so requests are never replays).
/// Every request is one a correct receiver refuses with a 4xx: mutations land only where the signature, the padding,
/// the receive id or the XML rules catch them, never in unsigned fields a receiver may rightly ignore.
/// Shared by the <c>hostile</c> load mode and the receiver's in-memory guard test.
/// </summary>
public sealed class HostileRequests(TestSuite suite, int seed)
{
    private static readonly string[] Methods = ["PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "PROPFIND", "FOO"];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "text/plain; charset=utf-16",
        "application/octet-stream", "image/png", "text/xml; charset=ebcdic", "", ";;;", "text/xml; charset=x-no-such-charset",
    ];

    private readonly Random _random = new(seed);

    /// <summary>Categories in a fixed order; <see cref="Next"/> cycles through them.</summary>
    public static IReadOnlyList<string> Categories { get; } =
    [
        "bit_flip", "bit_flip_resigned", "base64_truncated", "base64_extended", "base64_padding", "pkcs7_padding",
        "dtd_envelope", "dtd_message", "deep_nesting", "attribute_flood", "invalid_utf8", "duplicated_elements",
        "oversized_body", "wrong_method", "url_verification", "wrong_content_type",
    ];

    /// <summary>The <paramref name="index"/>-th request: categories in turn, a random mutation within each.</summary>
    public HostileRequest Next(int index) => Make(Categories[index % Categories.Count]);

    public HostileRequest Make(string category) => category switch
    {
        "bit_flip" => BitFlip(),
        "bit_flip_resigned" => BitFlipResigned(),
        "base64_truncated" => Resigned(category, Truncate(Encrypted())),
        "base64_extended" => Resigned(category, Extend(Encrypted())),
        "base64_padding" => Resigned(category, WrongPadding(Encrypted())),
        "pkcs7_padding" => Pkcs7Padding(),
        "dtd_envelope" => EnvelopeBody(category, DtdEnvelope()),
        "dtd_message" => Message(category, Encoding.UTF8.GetBytes(DtdMessage())),
        "deep_nesting" => _random.Next(2) == 0 ? EnvelopeBody(category, Nested(_random.Next(200, 5000), Envelope("abc"))) : Message(category, Encoding.UTF8.GetBytes(Nested(_random.Next(200, 3000), Event()))),
        "attribute_flood" => _random.Next(2) == 0 ? EnvelopeBody(category, Attributes(_random.Next(100, 3000), Envelope("abc"))) : Message(category, Encoding.UTF8.GetBytes(Attributes(_random.Next(100, 2000), Event(), repeatLast: true))),
        "invalid_utf8" => InvalidUtf8(),
        "duplicated_elements" => Duplicated(),
        "oversized_body" => Oversized(),
        "wrong_method" => WrongMethod(),
        "url_verification" => UrlVerification(),
        "wrong_content_type" => WrongContentType(),
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, null),
    };

    private string Url => _random.Next(4) == 0 ? "data" : "command";

    private string Event() => EventXml.ContactAdded(suite);

    private string Encrypted()
    {
        using var crypto = new CallbackCrypto(suite.Token, suite.EncodingAesKey);
        return crypto.Encrypt(Event(), suite.SuiteId);
    }

    private static string Envelope(string encrypted) =>
        $"<xml><ToUserName><![CDATA[x]]></ToUserName><AgentID><![CDATA[]]></AgentID><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>";

    /// <summary>A body signed over <paramref name="encrypted"/>, so only what the mutation broke can refuse it.</summary>
    private HostileRequest Resigned(string category, string encrypted, string? body = null) =>
        From(category, SignedCallback.Raw(suite, "command", encrypted, body ?? Envelope(encrypted)));

    private HostileRequest EnvelopeBody(string category, string body) =>
        From(category, SignedCallback.Raw(suite, Url, "abc", body));

    /// <summary>A decrypted message of exactly these bytes, correctly sealed and signed: only the message layer can refuse it.</summary>
    private HostileRequest Message(string category, byte[] message)
    {
        var encrypted = RawCiphertext.Seal(suite, message, suite.SuiteId);
        return From(category, SignedCallback.Raw(suite, "command", encrypted, Envelope(encrypted)));
    }

    private static HostileRequest From(string category, SignedCallback callback, string? contentType = "text/xml") =>
        new(category, HttpMethod.Post, callback.PathAndQuery, callback.Body, contentType);

    /// <summary>1–3 bit flips in a valid callback's signed parts: the Encrypt value or a query value (not re-signed).</summary>
    private HostileRequest BitFlip()
    {
        var callback = SignedCallback.Post(suite, Url, Event());
        if (_random.Next(3) == 0)
        {
            var query = callback.PathAndQuery.ToCharArray();
            var start = callback.PathAndQuery.IndexOf('?', StringComparison.Ordinal) + 1;
            for (var flips = _random.Next(1, 4); flips > 0 || query.AsSpan().SequenceEqual(callback.PathAndQuery); flips--)
            {
                int at;
                do
                {
                    at = _random.Next(start, query.Length);
                }
                while (query[at] is '&' or '=');

                query[at] = (char)(query[at] ^ (1 << _random.Next(0, 5))); // not bit 5: names and hex match case-insensitively; controls are escaped
            }

            var mutated = new string(query);
            var path = mutated[..start] + string.Join('&', mutated[start..].Split('&').Select(pair =>
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                return eq < 0 ? Uri.EscapeDataString(pair) : pair[..(eq + 1)] + Uri.EscapeDataString(pair[(eq + 1)..]);
            }));
            return new("bit_flip", HttpMethod.Post, path, callback.Body, "text/xml");
        }

        var body = (byte[])callback.Body.Clone();
        var text = Encoding.ASCII.GetString(body);
        var valueStart = text.IndexOf("<Encrypt><![CDATA[", StringComparison.Ordinal) + "<Encrypt><![CDATA[".Length;
        var valueEnd = text.IndexOf("]]></Encrypt>", StringComparison.Ordinal);
        for (var flips = _random.Next(1, 4); flips > 0 || body.AsSpan().SequenceEqual(callback.Body); flips--)
        {
            body[_random.Next(valueStart, valueEnd)] ^= (byte)(1 << _random.Next(8)); // a repeat may undo one: flip until changed
        }

        return new("bit_flip", HttpMethod.Post, callback.PathAndQuery, body, "text/xml");
    }

    /// <summary>
    /// A bit flipped in one of the ciphertext's last two AES blocks, then re-signed: it garbles or flips the plaintext's
    /// last 16 bytes, which hold only padding and the receive id's tail, so padding or receive id checks must catch it.
    /// </summary>
    private HostileRequest BitFlipResigned()
    {
        var cipher = Convert.FromBase64String(Encrypted());
        cipher[cipher.Length - 32 + _random.Next(32)] ^= (byte)(1 << _random.Next(8));
        return Resigned("bit_flip_resigned", Convert.ToBase64String(cipher));
    }

    private string Truncate(string encrypted) => encrypted[..^_random.Next(1, Math.Min(64, encrypted.Length))];

    private string Extend(string encrypted)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
        var extra = _random.Next(4) == 0 ? 16 * _random.Next(1, 4) : _random.Next(1, 24); // whole blocks too: a garbled tail
        return _random.Next(3) == 0
            ? Convert.ToBase64String([.. Convert.FromBase64String(encrypted), .. Bytes(extra)])
            : encrypted + new string([.. Enumerable.Range(0, extra).Select(_ => Alphabet[_random.Next(Alphabet.Length)])]);
    }

    private string WrongPadding(string encrypted)
    {
        var bare = encrypted.TrimEnd('=');
        return _random.Next(3) switch
        {
            0 => bare + new string('=', _random.Next(0, 5) switch { var n when n == encrypted.Length - bare.Length => n + 1, var n => n }),
            1 => bare[..^1] + "=" + bare[^1] + "=",
            _ => "=" + encrypted,
        };
    }

    private HostileRequest Pkcs7Padding() => _random.Next(4) switch
    {
        0 => Resigned("pkcs7_padding", RawCiphertext.WithPadByte(suite, (byte)_random.Next(33, 256))),
        1 => Resigned("pkcs7_padding", RawCiphertext.WithPadByte(suite, 0)),
        2 => Resigned("pkcs7_padding", RawCiphertext.WithLengthField(suite, _random.Next(2) == 0 ? _random.Next(100, int.MaxValue) : -_random.Next(1, int.MaxValue))),
        _ => Resigned("pkcs7_padding", InconsistentPadding()),
    };

    /// <summary>A last byte that is a valid pad length over pad bytes that are not all equal to it.</summary>
    private string InconsistentPadding()
    {
        var pad = _random.Next(2, 33);
        var plain = new byte[64 + 32];
        _random.NextBytes(plain);
        plain.AsSpan(plain.Length - pad).Fill((byte)pad);
        plain[plain.Length - pad + _random.Next(pad - 1)] ^= (byte)(1 << _random.Next(8));
        return RawCiphertext.Encrypt(suite, plain);
    }

    private string DtdEnvelope() => _random.Next(4) switch
    {
        0 => "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]><xml><Encrypt>&lol3;</Encrypt></xml>",
        1 => "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><xml><Encrypt>&xxe;</Encrypt></xml>",
        2 => "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY % p SYSTEM \"http://127.0.0.1:1/x.dtd\"> %p;]><xml><Encrypt>abc</Encrypt></xml>",
        _ => "<!DOCTYPE xml SYSTEM \"http://127.0.0.1:1/evil.dtd\"><xml><Encrypt>abc</Encrypt></xml>",
    };

    private string DtdMessage() => _random.Next(3) switch
    {
        0 => "<!DOCTYPE xml [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><xml><InfoType>&c;</InfoType></xml>",
        1 => "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"file:///etc/hostname\">]>" + Event().Replace("zhangsan", "&xxe;", StringComparison.Ordinal),
        _ => "<!DOCTYPE xml [<!ELEMENT xml ANY>]>" + Event(),
    };

    /// <summary>The document's root wrapped in <paramref name="depth"/> elements.</summary>
    private static string Nested(int depth, string inner)
    {
        var builder = new StringBuilder(depth * 7 + inner.Length);
        for (var i = 0; i < depth; i++)
        {
            builder.Append("<a>");
        }

        builder.Append(inner);
        for (var i = 0; i < depth; i++)
        {
            builder.Append("</a>");
        }

        return builder.ToString();
    }

    /// <summary>
    /// <paramref name="count"/> attributes on the root element; with <paramref name="repeatLast"/> the last name comes
    /// twice, so the document is not well-formed and only the parser that has read the whole flood can refuse it (a
    /// well-formed flood inside a sealed message is a valid callback whose attributes are ignored).
    /// </summary>
    private static string Attributes(int count, string document, bool repeatLast = false) =>
        "<xml " + string.Join(' ', Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"a{i}=\"{i}\"")))
        + (repeatLast ? string.Create(CultureInfo.InvariantCulture, $" a{count - 1}=\"again\"") : "") + document[4..];

    /// <summary>Bytes that are not UTF-8 in the envelope, or in the plaintext's values, names or text (sealed and signed).</summary>
    private HostileRequest InvalidUtf8()
    {
        byte[][] invalid = [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE4, 0xB8], [0x80], [0xF4, 0x90, 0x80, 0x80]];
        var bad = invalid[_random.Next(invalid.Length)];
        if (_random.Next(2) == 0)
        {
            var callback = SignedCallback.Post(suite, Url, Event());
            var text = Encoding.ASCII.GetString(callback.Body);
            var at = _random.Next(3) switch
            {
                0 => text.IndexOf("<![CDATA[", StringComparison.Ordinal) + 9, // in ToUserName
                1 => text.IndexOf("<Encrypt>", StringComparison.Ordinal) + 2, // in a tag name
                _ => text.IndexOf("<Encrypt><![CDATA[", StringComparison.Ordinal) + 18 + _random.Next(40), // in the ciphertext
            };
            return new("invalid_utf8", HttpMethod.Post, callback.PathAndQuery, [.. callback.Body.AsSpan(0, at), .. bad, .. callback.Body.AsSpan(at)], "text/xml");
        }

        var message = Encoding.UTF8.GetBytes(Event());
        var anchors = new[] { "zhangsan", "<UserID>", "channel-poster" };
        var anchor = Encoding.UTF8.GetBytes(anchors[_random.Next(anchors.Length)]);
        var index = message.AsSpan().IndexOf(anchor) + 2;
        return Message("invalid_utf8", [.. message.AsSpan(0, index), .. bad, .. message.AsSpan(index)]);
    }

    /// <summary>An envelope with two Encrypt elements, or a sealed plaintext with its root or an attribute twice.</summary>
    private HostileRequest Duplicated()
    {
        if (_random.Next(2) == 0)
        {
            var encrypted = Encrypted();
            var body = _random.Next(2) == 0
                ? $"<xml><Encrypt><![CDATA[{encrypted}]]></Encrypt><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"
                : $"<xml><ToUserName>a</ToUserName><Encrypt>{encrypted}</Encrypt><ToUserName>b</ToUserName><Encrypt>abc</Encrypt></xml>";
            return Resigned("duplicated_elements", encrypted, body);
        }

        // A field repeated inside a sealed message is read last-wins (it takes the suite's keys to send one); what
        // must be refused is a repeated root or a repeated attribute, which are not well-formed.
        var xml = Event();
        var twice = _random.Next(3) switch
        {
            0 => xml + xml,
            1 => xml.Replace("<xml>", "<xml a=\"1\" a=\"1\">", StringComparison.Ordinal),
            _ => xml.Replace("<UserID>", "<UserID id=\"1\" id=\"2\">", StringComparison.Ordinal),
        };
        return Message("duplicated_elements", Encoding.UTF8.GetBytes(twice));
    }

    /// <summary>Just over the receiver's body limit: with a Content-Length, or chunked so it must be read to be refused.</summary>
    private HostileRequest Oversized()
    {
        var size = CallbackEnvelope.MaxBodyBytes + _random.Next(1, 4096);
        var callback = SignedCallback.Raw(suite, Url, "abc", "");
        var prefix = "<xml><Encrypt><![CDATA["u8.ToArray();
        var body = new byte[size];
        body.AsSpan().Fill((byte)'A');
        prefix.CopyTo(body, 0);
        return new("oversized_body", HttpMethod.Post, callback.PathAndQuery, body, "text/xml", Chunked: _random.Next(2) == 0);
    }

    private HostileRequest WrongMethod()
    {
        var method = new HttpMethod(Methods[_random.Next(Methods.Length)]);
        var callback = SignedCallback.Post(suite, Url, Event());
        var body = method == HttpMethod.Head || method == HttpMethod.Trace ? null : callback.Body;
        return new("wrong_method", method, callback.PathAndQuery, body, body is null ? null : "text/xml");
    }

    /// <summary>GET handshakes gone wrong: echostr missing, truncated, flipped, sealed for someone else, or unsigned.</summary>
    private HostileRequest UrlVerification()
    {
        var url = Url;
        var (path, _) = SignedCallback.Handshake(suite, url);
        var echoAt = path.IndexOf("&echostr=", StringComparison.Ordinal);
        var mutated = _random.Next(5) switch
        {
            0 => path[..echoAt],
            1 => path[..^_random.Next(1, 20)],
            2 => SignedCallback.Handshake(suite, url, receiveId: "wwsomeoneelse0001").PathAndQuery,
            3 => path.Replace("msg_signature=", "msg_signature=f", StringComparison.Ordinal),
            _ => FlipEcho(path, echoAt),
        };
        return new("url_verification", HttpMethod.Get, mutated, null, null);
    }

    private string FlipEcho(string path, int echoAt)
    {
        var chars = path.ToCharArray();
        var at = _random.Next(echoAt + "&echostr=".Length, chars.Length);
        chars[at] = chars[at] == 'A' ? 'B' : 'A';
        return new string(chars);
    }

    /// <summary>A mutated callback (any other category's body) declared as something other than XML.</summary>
    private HostileRequest WrongContentType()
    {
        HostileRequest inner;
        do
        {
            inner = Make(Categories[_random.Next(Categories.Count)]);
        }
        while (inner.Method != HttpMethod.Post);

        return inner with { Category = "wrong_content_type", ContentType = ContentTypes[_random.Next(ContentTypes.Length)] };
    }

    private byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }
}
