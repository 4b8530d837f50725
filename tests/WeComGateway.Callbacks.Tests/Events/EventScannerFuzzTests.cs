using System.Reflection;
using System.Text;
using System.Xml;
using static WeComGateway.Callbacks.Tests.CallbackSamples;

namespace WeComGateway.Callbacks.Tests;

/// <summary>
/// The event scanner reads decrypted plaintext (untrusted: anyone holding a suite's key can seal anything) on the
/// receiver's fast path. Held to two promises over 100,000 random and mutated plaintexts: whatever it accepts, the
/// XML reader (DTDs prohibited) accepts with exactly the same fields, and it never throws. And
/// <see cref="CallbackEventParser.Parse(ReadOnlySpan{byte}, CallbackContext)"/> refuses everything else with the typed
/// rejection only.
/// </summary>
public sealed class EventScannerFuzzTests
{
    private const int Cases = 100_000;

    private static readonly string[] Pieces =
    [
        "<", ">", "</", "/>", "&", "&amp;", "&lt;", "&#x41;", "]]>", "<![CDATA[", "]]", "\r", "\r\n", "\n", "\t", " ", "\0", "é",
        "研发", "\u3000", "\u00A0", "\uFEFF", "\uFFFE", "\uFFFF", "\U0001F600", "_", "-", ":", "1",
        "<xml>", "</xml>", "<Item>", "</Item>", "<MemChangeList>", "</MemChangeList>", "<AuthUserInfo>", "</AuthUserInfo>",
        "<UserId>", "</UserId>", "<UserID>", "<InfoType>", "</InfoType>", "<ChangeType>", "<Other>", "</Other>", "<a:b>",
        "<?xml version=\"1.0\"?>", "<!DOCTYPE xml [<!ENTITY e \"x\">]>", "&e;", "<!-- c -->", "<?pi x?>", "<xml a=\"1\">",
        "<UserID/>", "<Item/>", "<ContactSync><AccessToken>T</AccessToken></ContactSync>", "\"", "'",
    ];

    private static readonly string[] Seeds =
    [
        .. EventCatalogue.Cases.Values.SelectMany(c => new[] { c.Xml(Shape.InfoType), c.Xml(Shape.Event) }),
        OfficialSuiteTicket, OfficialAddExternalContact, OfficialAddExternalContactEvent, OfficialChatAddMember,
        CapturedChatAddMemberEvent, OfficialTagCreated, SkitTagShuffleEvent, RegisterCorp,
    ];

    [Fact]
    public void Every_documented_callback_takes_the_fast_path_with_the_readers_fields()
    {
        foreach (var seed in Seeds.Where(s => s != RegisterCorp).Select(s => s.Replace("\r\n", "\n")))
        {
            var utf8 = Encoding.UTF8.GetBytes(seed);
            var scanned = default(EventFields);

            Assert.True(EventScanner.TryRead(utf8, ref scanned), seed);
            AssertSame(ReadWithXmlReader(utf8), scanned, seed);
        }
    }

    [Fact]
    public void Group_members_and_the_registering_admin_are_read_one_level_down()
    {
        var fields = default(EventFields);
        Assert.True(EventScanner.TryRead(Encoding.UTF8.GetBytes(CapturedChatAddMemberEvent.Replace("\r\n", "\n")), ref fields));
        Assert.Equal(["wmxUBwAAAA1", "wmxUBwAAAA2"], fields.MemChangeList!);

        var admin = default(EventFields);
        Assert.True(EventScanner.TryRead(
            "<xml><InfoType>register_corp</InfoType><AuthUserInfo>\n <UserId><![CDATA[ admin ]]></UserId></AuthUserInfo></xml>"u8, ref admin));
        Assert.Equal("admin", admin.AuthUserId);
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><xml><InfoType>a</InfoType></xml>")]
    [InlineData("<xml><InfoType>a&amp;b</InfoType></xml>")]
    [InlineData("<xml><InfoType>a\r\nb</InfoType></xml>")]
    [InlineData("<xml><InfoType/></xml>")]
    [InlineData("<xml><InfoType a=\"1\">x</InfoType></xml>")]
    [InlineData("<xml><InfoType>x</InfoType><!-- c --></xml>")]
    [InlineData("<xml><InfoType>x<![CDATA[y]]></InfoType></xml>")]
    [InlineData("<xml><InfoType>x</InfoType></xml>trailing")]
    [InlineData("<root><InfoType>x</InfoType></root>")]
    [InlineData("<xml><ContactSync><AccessToken>T</AccessToken></ContactSync></xml>")]
    [InlineData("<xml><MemChangeList><Item><x>1</x></Item></MemChangeList></xml>")]
    [InlineData("<xml><InfoType>\uFFFE</InfoType></xml>")]
    public void Anything_but_the_plain_shape_is_left_to_the_reader(string xml)
    {
        var fields = default(EventFields);
        Assert.False(EventScanner.TryRead(Encoding.UTF8.GetBytes(xml), ref fields));
    }

    [Fact]
    public void Values_are_trimmed_as_the_reader_trims_them_and_a_later_duplicate_wins()
    {
        var xml = Encoding.UTF8.GetBytes("<xml><State>\u3000渠道 1\u00A0</State><UserID>a</UserID><UserID> <![CDATA[b]]> </UserID><Name> </Name></xml>");
        var fields = default(EventFields);

        Assert.True(EventScanner.TryRead(xml, ref fields));
        Assert.Equal("渠道 1", fields.State);
        Assert.Equal("b", fields.UserId);
        Assert.Null(fields.Name);
        AssertSame(ReadWithXmlReader(xml), fields, "trim");
    }

    [Fact]
    public void Random_and_mutated_plaintexts_never_make_the_scanner_disagree_with_the_reader_or_throw_untyped()
    {
        var random = new Random(20261207); // fixed: a failure reproduces
        int scannedCount = 0, rejectedCount = 0;
        for (var i = 0; i < Cases; i++)
        {
            var xml = i % 10 == 0 ? Fuzz.RandomBytes(random) : Encoding.UTF8.GetBytes(Fuzz.Mutate(Seeds[random.Next(Seeds.Length)], Pieces, random));
            var scanned = default(EventFields);
            if (EventScanner.TryRead(xml, ref scanned))
            {
                scannedCount++;
                var full = ReadWithXmlReader(xml);
                Assert.True(full is not null, $"case {i}: the scanner accepted what the reader refuses: {Encoding.UTF8.GetString(xml)}");
                AssertSame(full, scanned, $"case {i}: {Encoding.UTF8.GetString(xml)}");
            }

            try
            {
                CallbackEventParser.Parse(xml, Context);
            }
            catch (CallbackRejectedException)
            {
                rejectedCount++;
            }
        }

        Assert.True(scannedCount > Cases / 5, $"only {scannedCount} plaintexts took the fast path: the mutations are too destructive to test it");
        Assert.True(rejectedCount > Cases / 20, $"only {rejectedCount} plaintexts were refused: the mutations are too mild");
    }

    /// <summary>The reader's fields, or null when it refuses the document.</summary>
    private static EventFields? ReadWithXmlReader(byte[] xml)
    {
        var fields = default(EventFields);
        try
        {
            using var reader = SecureXml.CreateReader(xml, xml.Length);
            EventXmlReader.Read(reader, ref fields);
            return fields;
        }
        catch (XmlException)
        {
            return null;
        }
    }

    private static void AssertSame(EventFields? expected, EventFields actual, string because)
    {
        Assert.True(expected is not null, $"the reader refuses what the scanner accepted: {because}");
        foreach (var field in typeof(EventFields).GetFields(BindingFlags.Instance | BindingFlags.Public))
        {
            var (want, got) = (field.GetValue(expected.Value), field.GetValue(actual));
            var same = want is List<string> wantList && got is List<string> gotList ? wantList.SequenceEqual(gotList) : Equals(want, got);
            Assert.True(same, $"{field.Name}: reader '{Show(want)}', scanner '{Show(got)}' — {because}");
        }
    }

    private static string? Show(object? value) => value is List<string> list ? $"[{string.Join(",", list)}]" : value?.ToString();
}
