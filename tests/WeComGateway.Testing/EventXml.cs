using System.Globalization;
using System.Security.Cryptography;

namespace WeComGateway.Testing;

/// <summary>Decrypted callback bodies as WeCom sends them (docs/wecom-protocol.md, "Event shapes"), with fresh ids by default.</summary>
public static class EventXml
{
    public static string NewId(string prefix) => prefix + RandomNumberGenerator.GetHexString(16, lowercase: true);

    public static string ContactAdded(TestSuite suite, string? externalUserId = null, string state = "channel-poster-01", string? welcomeCode = null, DateTimeOffset? at = null) => $"""
        <xml><SuiteId><![CDATA[{suite.SuiteId}]]></SuiteId><AuthCorpId><![CDATA[{suite.CorpId}]]></AuthCorpId><InfoType><![CDATA[change_external_contact]]></InfoType><TimeStamp>{Unix(at)}</TimeStamp><ChangeType><![CDATA[add_external_contact]]></ChangeType><UserID><![CDATA[zhangsan]]></UserID><ExternalUserID><![CDATA[{externalUserId ?? NewId("wo")}]]></ExternalUserID><State><![CDATA[{state}]]></State><WelcomeCode><![CDATA[{welcomeCode ?? NewId("WELCOME")}]]></WelcomeCode></xml>
        """;

    /// <summary>The self-built / 代开发 shape of the same event (MsgType=event), as sent to a data URL.</summary>
    public static string ContactAddedEventShape(TestSuite suite, string? externalUserId = null, string state = "channel-poster-01", DateTimeOffset? at = null) => $"""
        <xml><ToUserName><![CDATA[{suite.CorpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>{Unix(at)}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_external_contact]]></Event><ChangeType><![CDATA[add_external_contact]]></ChangeType><UserID><![CDATA[zhangsan]]></UserID><ExternalUserID><![CDATA[{externalUserId ?? NewId("wo")}]]></ExternalUserID><State><![CDATA[{state}]]></State><WelcomeCode><![CDATA[{NewId("WELCOME")}]]></WelcomeCode></xml>
        """;

    public static string ContactDeletedByCustomer(TestSuite suite, string? externalUserId = null) => $"""
        <xml><SuiteId><![CDATA[{suite.SuiteId}]]></SuiteId><AuthCorpId><![CDATA[{suite.CorpId}]]></AuthCorpId><InfoType><![CDATA[change_external_contact]]></InfoType><TimeStamp>{Unix(null)}</TimeStamp><ChangeType><![CDATA[del_follow_user]]></ChangeType><UserID><![CDATA[zhangsan]]></UserID><ExternalUserID><![CDATA[{externalUserId ?? NewId("wo")}]]></ExternalUserID></xml>
        """;

    public static string MemberJoinedGroup(TestSuite suite, string? chatId = null) => $"""
        <xml><SuiteId><![CDATA[{suite.SuiteId}]]></SuiteId><AuthCorpId><![CDATA[{suite.CorpId}]]></AuthCorpId><InfoType><![CDATA[change_external_chat]]></InfoType><TimeStamp>{Unix(null)}</TimeStamp><ChatId><![CDATA[{chatId ?? NewId("wr")}]]></ChatId><ChangeType><![CDATA[update]]></ChangeType><UpdateDetail><![CDATA[add_member]]></UpdateDetail><JoinScene>3</JoinScene><MemChangeCnt>1</MemChangeCnt><MemChangeList><Item><![CDATA[{NewId("wm")}]]></Item></MemChangeList><LastMemVer>9c3f97c2ada667dfb5f6d03308d963e1</LastMemVer><CurMemVer>71217227bbd112ecfe3a49c482195cb4</CurMemVer></xml>
        """;

    public static string TagsReordered(TestSuite suite) => $"""
        <xml><SuiteId><![CDATA[{suite.SuiteId}]]></SuiteId><AuthCorpId><![CDATA[{suite.CorpId}]]></AuthCorpId><InfoType><![CDATA[change_external_tag]]></InfoType><TimeStamp>{Unix(null)}</TimeStamp><Id><![CDATA[{NewId("et")}]]></Id><StrategyId><![CDATA[1]]></StrategyId><ChangeType><![CDATA[shuffle]]></ChangeType></xml>
        """;

    public static string SuiteTicket(TestSuite suite, string ticket, DateTimeOffset? at = null) => $"""
        <xml><SuiteId><![CDATA[{suite.SuiteId}]]></SuiteId><InfoType> <![CDATA[suite_ticket]]></InfoType><TimeStamp>{Unix(at)}</TimeStamp><SuiteTicket><![CDATA[{ticket}]]></SuiteTicket></xml>
        """;

    public static string CreateAuth(TestSuite suite, string? authCode = null) => $"""
        <xml><SuiteId><![CDATA[{suite.SuiteId}]]></SuiteId><AuthCode><![CDATA[{authCode ?? NewId("AUTH")}]]></AuthCode><InfoType><![CDATA[create_auth]]></InfoType><TimeStamp>{Unix(null)}</TimeStamp><State><![CDATA[install-from-site]]></State></xml>
        """;

    public static string CancelAuth(TestSuite suite) => $"""
        <xml><SuiteId><![CDATA[{suite.SuiteId}]]></SuiteId><InfoType><![CDATA[cancel_auth]]></InfoType><TimeStamp>{Unix(null)}</TimeStamp><AuthCorpId><![CDATA[{suite.CorpId}]]></AuthCorpId></xml>
        """;

    private static string Unix(DateTimeOffset? at) => (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
