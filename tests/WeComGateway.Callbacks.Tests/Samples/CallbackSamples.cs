namespace WeComGateway.Callbacks.Tests;

/// <summary>The two shapes a decrypted event arrives in (docs/wecom-protocol.md, "Event shapes").</summary>
public enum Shape
{
    /// <summary>Command URL: <c>SuiteId</c>, <c>AuthCorpId</c>, <c>InfoType</c>, <c>TimeStamp</c>.</summary>
    InfoType,

    /// <summary>Data URL: <c>ToUserName</c>, <c>FromUserName=sys</c>, <c>CreateTime</c>, <c>MsgType=event</c>, <c>Event</c>.</summary>
    Event,
}

/// <summary>Decrypted callback XML: the official samples verbatim, and builders for either shape.</summary>
internal static class CallbackSamples
{
    public const string SuiteId = "ww4asffe99e54c0f4c";
    public const string AuthCorpId = "wxf8b4f85f3a794e77";
    public const string DataCorpId = "ww1436e0e65a779aee";
    public const long Time = 1403610513;

    public static readonly DateTimeOffset ReceivedAt = new(2025, 11, 17, 8, 30, 0, TimeSpan.Zero);
    public static readonly CallbackContext Context = new(SuiteId, SuiteId, ReceivedAt);

    /// <summary>doc 90628: note the stray space before the CDATA of InfoType.</summary>
    public const string OfficialSuiteTicket = """
        <xml>
        <SuiteId><![CDATA[ww4asffe99e54c0fxxxx]]></SuiteId>
        <InfoType> <![CDATA[suite_ticket]]></InfoType>
        <TimeStamp>1403610513</TimeStamp>
        <SuiteTicket><![CDATA[asdfasfdasdfasdf]]></SuiteTicket>
        </xml>
        """;

    /// <summary>doc 92277: the third-party (command URL) form.</summary>
    public const string OfficialAddExternalContact = """
        <xml>
          <SuiteId><![CDATA[ww4asffe99e54c0f4c]]></SuiteId>
          <AuthCorpId><![CDATA[wxf8b4f85f3a794e77]]></AuthCorpId>
          <InfoType><![CDATA[change_external_contact]]></InfoType>
          <TimeStamp>1403610513</TimeStamp>
          <ChangeType><![CDATA[add_external_contact]]></ChangeType>
          <UserID><![CDATA[zhangsan]]></UserID>
          <ExternalUserID><![CDATA[woAJ2GCAAAXtWyujaWJHDDGi0mACH71w]]></ExternalUserID>
          <State><![CDATA[teststate]]></State>
          <WelcomeCode><![CDATA[WELCOMECODE]]></WelcomeCode>
        </xml>
        """;

    /// <summary>doc 96361: the self-built / 代开发 (data URL) form of the same event.</summary>
    public const string OfficialAddExternalContactEvent = """
        <xml>
          <ToUserName><![CDATA[toUser]]></ToUserName>
          <FromUserName><![CDATA[sys]]></FromUserName>
          <CreateTime>1403610513</CreateTime>
          <MsgType><![CDATA[event]]></MsgType>
          <Event><![CDATA[change_external_contact]]></Event>
          <ChangeType><![CDATA[add_external_contact]]></ChangeType>
          <UserID><![CDATA[zhangsan]]></UserID>
          <ExternalUserID><![CDATA[woAJ2GCAAAXtWyujaWJHDDGi0mAAAA]]></ExternalUserID>
          <State><![CDATA[teststate]]></State>
          <WelcomeCode><![CDATA[WELCOMECODE]]></WelcomeCode>
        </xml>
        """;

    /// <summary>The official change_external_chat sample: JoinScene 1 although the enum says 0 or 3.</summary>
    public const string OfficialChatAddMember = """
        <xml>
          <SuiteId><![CDATA[ww4asffe99e54c0f4c]]></SuiteId>
          <AuthCorpId><![CDATA[wxf8b4f85f3a794e77]]></AuthCorpId>
          <InfoType><![CDATA[change_external_chat]]></InfoType>
          <TimeStamp>1403610513</TimeStamp>
          <ChatId><![CDATA[CHAT_ID]]></ChatId>
          <ChangeType><![CDATA[update]]></ChangeType>
          <UpdateDetail><![CDATA[add_member]]></UpdateDetail>
          <JoinScene>1</JoinScene>
          <QuitScene>0</QuitScene>
          <MemChangeCnt>10</MemChangeCnt>
          <MemChangeList><Item>Jack</Item><Item>Rose</Item></MemChangeList>
          <LastMemVer>9c3f97c2ada667dfb5f6d03308d963e1</LastMemVer>
          <CurMemVer>71217227bbd112ecfe3a49c482195cb4</CurMemVer>
        </xml>
        """;

    /// <summary>As captured in WxJava #3877: Items and member versions in CDATA, event shape.</summary>
    public const string CapturedChatAddMemberEvent = """
        <xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>
        <CreateTime>1403610513</CreateTime><MsgType><![CDATA[event]]></MsgType>
        <Event><![CDATA[change_external_chat]]></Event><ChatId><![CDATA[wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA]]></ChatId>
        <ChangeType><![CDATA[update]]></ChangeType><UpdateDetail><![CDATA[add_member]]></UpdateDetail>
        <JoinScene>3</JoinScene><MemChangeCnt>2</MemChangeCnt>
        <MemChangeList><Item><![CDATA[wmxUBwAAAA1]]></Item>
          <Item> <![CDATA[wmxUBwAAAA2]]> </Item></MemChangeList>
        <LastMemVer><![CDATA[9c3f97c2ada667dfb5f6d03308d963e1]]></LastMemVer>
        <CurMemVer><![CDATA[71217227bbd112ecfe3a49c482195cb4]]></CurMemVer></xml>
        """;

    /// <summary>The official change_external_tag sample.</summary>
    public const string OfficialTagCreated = """
        <xml>
          <SuiteId><![CDATA[ww4asffe99e54c0f4c]]></SuiteId>
          <AuthCorpId><![CDATA[wxf8b4f85f3a794e77]]></AuthCorpId>
          <InfoType><![CDATA[change_external_tag]]></InfoType>
          <TimeStamp>1403610513</TimeStamp>
          <Id><![CDATA[TAG_ID]]></Id>
          <TagType><![CDATA[tag]]></TagType>
          <ChangeType><![CDATA[create]]></ChangeType>
        </xml>
        """;

    /// <summary>SKIT's event-shape shuffle sample: plain text, no TagType.</summary>
    public const string SkitTagShuffleEvent =
        "<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>sys</FromUserName><CreateTime>1403610513</CreateTime>" +
        "<MsgType>event</MsgType><Event>change_external_tag</Event><Id>TAG_ID</Id><StrategyId>STRATEGY_ID</StrategyId>" +
        "<ChangeType>shuffle</ChangeType></xml>";

    /// <summary>register_corp with the ContactSync access token that must never reach the bus.</summary>
    public const string RegisterCorp = """
        <xml>
          <ServiceCorpId><![CDATA[wwddddccc7775555aaa]]></ServiceCorpId>
          <InfoType><![CDATA[register_corp]]></InfoType>
          <TimeStamp>1502682179</TimeStamp>
          <RegisterCode><![CDATA[pIKi3wRPNWCGF-pyP-YU5KWjDDD]]></RegisterCode>
          <AuthCorpId><![CDATA[wwddddccc7775555aab]]></AuthCorpId>
          <ContactSync>
            <AccessToken><![CDATA[CONTACT-SYNC-ACCESS-TOKEN]]></AccessToken>
            <ExpiresIn><![CDATA[1800]]></ExpiresIn>
          </ContactSync>
          <AuthUserInfo>
            <UserId><![CDATA[zhangshan]]></UserId>
          </AuthUserInfo>
          <State><![CDATA[state001]]></State>
          <TemplateId><![CDATA[tpl1test]]></TemplateId>
        </xml>
        """;

    /// <summary>A command-URL callback of an authorized enterprise (AuthCorpId present).</summary>
    public static string Command(string infoType, string fields) =>
        $"<xml><SuiteId><![CDATA[{SuiteId}]]></SuiteId><AuthCorpId><![CDATA[{AuthCorpId}]]></AuthCorpId>" +
        $"<InfoType><![CDATA[{infoType}]]></InfoType><TimeStamp>{Time}</TimeStamp>{fields}</xml>";

    /// <summary>A command-URL callback about the suite itself, or one naming its enterprise in its own fields.</summary>
    public static string SuiteCommand(string infoType, string fields) =>
        $"<xml><SuiteId><![CDATA[{SuiteId}]]></SuiteId><InfoType><![CDATA[{infoType}]]></InfoType>" +
        $"<TimeStamp>{Time}</TimeStamp>{fields}</xml>";

    /// <summary>The data-URL shape: <c>MsgType=event</c>, the enterprise in ToUserName.</summary>
    public static string DataEvent(string eventName, string fields) =>
        $"<xml><ToUserName><![CDATA[{DataCorpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>" +
        $"<CreateTime>{Time}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{eventName}]]></Event>" +
        $"{fields}</xml>";

    public static string In(Shape shape, string root, string fields) =>
        shape == Shape.InfoType ? Command(root, fields) : DataEvent(root, fields);

    /// <summary>Either shape for a callback that names its enterprise in its own fields (no AuthCorpId added).</summary>
    public static string InOwnCorp(Shape shape, string root, string fields) =>
        shape == Shape.InfoType ? SuiteCommand(root, fields) : DataEvent(root, fields);

    public static ParsedCallback Parse(string xml) => CallbackEventParser.Parse(xml, Context);

    public static TheoryData<Shape> BothShapes() => new() { Shape.InfoType, Shape.Event };
}
