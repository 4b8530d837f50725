using System.Xml.Linq;
using WeComGateway.Cli.Events;

namespace WeComGateway.Cli.Tests;

public class EventTemplatesTests
{
    private const string SuiteId = "ww0000demosuite001";
    private const string CorpId = "ww0000democorp0001";
    private static readonly CallbackHeader Header = new(SuiteId, CorpId, DateTimeOffset.FromUnixTimeSeconds(1_760_000_000));

    [Fact]
    public void Contact_added_in_the_InfoType_shape_names_suite_corp_customer_state_and_welcome_code()
    {
        var xml = Parse(new ContactAdded("zhangsan", "wmCustomer01", "spring-poster", "WELCOME01"), EventShape.InfoType);

        Assert.Equal(
            ["SuiteId", "AuthCorpId", "InfoType", "TimeStamp", "ChangeType", "UserID", "ExternalUserID", "State", "WelcomeCode"],
            xml.Elements().Select(element => element.Name.LocalName));
        Assert.Equal(SuiteId, Field(xml, "SuiteId"));
        Assert.Equal(CorpId, Field(xml, "AuthCorpId"));
        Assert.Equal("change_external_contact", Field(xml, "InfoType"));
        Assert.Equal("1760000000", Field(xml, "TimeStamp"));
        Assert.Equal("add_external_contact", Field(xml, "ChangeType"));
        Assert.Equal("zhangsan", Field(xml, "UserID"));
        Assert.Equal("wmCustomer01", Field(xml, "ExternalUserID"));
        Assert.Equal("spring-poster", Field(xml, "State"));
        Assert.Equal("WELCOME01", Field(xml, "WelcomeCode"));
    }

    [Fact]
    public void Contact_added_in_the_event_shape_is_a_MsgType_event_from_sys_to_the_corp()
    {
        var xml = Parse(new ContactAdded("zhangsan", "wmCustomer01", State: null, "WELCOME01"), EventShape.Event);

        Assert.Equal(CorpId, Field(xml, "ToUserName"));
        Assert.Equal("sys", Field(xml, "FromUserName"));
        Assert.Equal("1760000000", Field(xml, "CreateTime"));
        Assert.Equal("event", Field(xml, "MsgType"));
        Assert.Equal("change_external_contact", Field(xml, "Event"));
        Assert.Equal("add_external_contact", Field(xml, "ChangeType"));
        Assert.Equal("WELCOME01", Field(xml, "WelcomeCode"));
        Assert.Null(xml.Element("InfoType"));
        Assert.Null(xml.Element("SuiteId"));
        Assert.Null(xml.Element("State"));
    }

    [Theory]
    [InlineData(nameof(EventShape.InfoType), "InfoType")]
    [InlineData(nameof(EventShape.Event), "Event")]
    public void Contact_deleted_is_a_del_follow_user_change(string shapeName, string eventField)
    {
        var shape = Enum.Parse<EventShape>(shapeName);
        var xml = Parse(new ContactDeleted("zhangsan", "wmCustomer01"), shape);

        Assert.Equal("change_external_contact", Field(xml, eventField));
        Assert.Equal("del_follow_user", Field(xml, "ChangeType"));
        Assert.Equal("zhangsan", Field(xml, "UserID"));
        Assert.Equal("wmCustomer01", Field(xml, "ExternalUserID"));
        Assert.Null(xml.Element("WelcomeCode"));
    }

    [Fact]
    public void Contact_deleted_by_the_employee_is_a_del_external_contact_change()
    {
        var xml = Parse(new ContactDeleted("zhangsan", "wmCustomer01", ByEmployee: true), EventShape.InfoType);

        Assert.Equal("del_external_contact", Field(xml, "ChangeType"));
        Assert.Equal("zhangsan", Field(xml, "UserID"));
    }

    [Theory]
    [InlineData(nameof(EventShape.InfoType), "InfoType")]
    [InlineData(nameof(EventShape.Event), "Event")]
    public void Member_joined_is_an_add_member_update_listing_and_counting_each_member(string shapeName, string eventField)
    {
        var shape = Enum.Parse<EventShape>(shapeName);
        var xml = Parse(new MemberJoined("wrChat01", 3, ["wmJack", "wmRose"], "9c3f97c2ada667dfb5f6d03308d963e1", "71217227bbd112ecfe3a49c482195cb4"), shape);

        Assert.Equal("change_external_chat", Field(xml, eventField));
        Assert.Equal("wrChat01", Field(xml, "ChatId"));
        Assert.Equal("update", Field(xml, "ChangeType"));
        Assert.Equal("add_member", Field(xml, "UpdateDetail"));
        Assert.Equal("3", Field(xml, "JoinScene"));
        Assert.Equal("2", Field(xml, "MemChangeCnt"));
        Assert.Equal(["wmJack", "wmRose"], xml.Element("MemChangeList")!.Elements("Item").Select(item => item.Value));
        Assert.Equal("9c3f97c2ada667dfb5f6d03308d963e1", Field(xml, "LastMemVer"));
        Assert.Equal("71217227bbd112ecfe3a49c482195cb4", Field(xml, "CurMemVer"));
    }

    [Fact]
    public void Member_joined_in_the_InfoType_shape_names_the_authorizing_corp()
    {
        var xml = Parse(new MemberJoined("wrChat01", 0, ["wmJack"], "a", "b"), EventShape.InfoType);

        Assert.Equal(SuiteId, Field(xml, "SuiteId"));
        Assert.Equal(CorpId, Field(xml, "AuthCorpId"));
        Assert.Equal("1760000000", Field(xml, "TimeStamp"));
    }

    [Fact]
    public void Suite_ticket_carries_only_the_suite_fields_and_the_ticket()
    {
        var xml = Parse(new SuiteTicketPushed("TICKET01"), EventShape.InfoType);

        Assert.Equal(["SuiteId", "InfoType", "TimeStamp", "SuiteTicket"], xml.Elements().Select(element => element.Name.LocalName));
        Assert.Equal(SuiteId, Field(xml, "SuiteId"));
        Assert.Equal("suite_ticket", Field(xml, "InfoType"));
        Assert.Equal("1760000000", Field(xml, "TimeStamp"));
        Assert.Equal("TICKET01", Field(xml, "SuiteTicket"));
    }

    [Fact]
    public void Create_auth_carries_the_auth_code_and_the_install_state()
    {
        var xml = Parse(new AuthorizationCreated("AUTHCODE01", "from-marketplace"), EventShape.InfoType);

        Assert.Equal(["SuiteId", "AuthCode", "InfoType", "TimeStamp", "State"], xml.Elements().Select(element => element.Name.LocalName));
        Assert.Equal("create_auth", Field(xml, "InfoType"));
        Assert.Equal("AUTHCODE01", Field(xml, "AuthCode"));
        Assert.Equal("from-marketplace", Field(xml, "State"));
    }

    [Fact]
    public void Create_auth_without_a_state_has_no_State_field()
    {
        var xml = Parse(new AuthorizationCreated("AUTHCODE01", State: null), EventShape.InfoType);

        Assert.Null(xml.Element("State"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Suite_events_exist_only_in_the_InfoType_shape(bool ticket)
    {
        TriggerEvent callback = ticket ? new SuiteTicketPushed("T") : new AuthorizationCreated("A", null);

        Assert.Throws<ArgumentException>(() => EventTemplates.ToXml(callback, EventShape.Event, Header));
    }

    [Fact]
    public void Change_app_admin_exists_only_in_the_event_shape()
    {
        Assert.Throws<ArgumentException>(() => EventTemplates.ToXml(new AppAdminsChanged(1000005), EventShape.InfoType, Header));

        var xml = Parse(new AppAdminsChanged(1000005), EventShape.Event);
        Assert.Equal(["ToUserName", "FromUserName", "CreateTime", "MsgType", "Event", "AgentID"], xml.Elements().Select(element => element.Name.LocalName));
        Assert.Equal("1000005", Field(xml, "AgentID"));
    }

    [Fact]
    public void A_shared_app_change_to_a_suite_names_the_corp_as_CorpId_and_the_app_as_AgentId()
    {
        var xml = Parse(new AppShareChanged("share_agent_change", 1000012), EventShape.InfoType);

        Assert.Equal(["SuiteId", "InfoType", "TimeStamp", "CorpId", "AgentId"], xml.Elements().Select(element => element.Name.LocalName));
        Assert.Equal(CorpId, Field(xml, "CorpId"));
        Assert.Equal("1000012", Field(xml, "AgentId"));
    }

    [Fact]
    public void Order_notices_name_the_paying_corp_and_only_the_ids_they_carry()
    {
        var xml = Parse(new OrderNotice("change_order", OldOrderId: "T01", NewOrderId: "T02", OperatorId: "zhangsan"), EventShape.InfoType);

        Assert.Equal(["SuiteId", "PaidCorpId", "InfoType", "TimeStamp", "OldOrderId", "NewOrderId", "OperatorId"], xml.Elements().Select(element => element.Name.LocalName));
        Assert.Equal(CorpId, Field(xml, "PaidCorpId"));
        Assert.Throws<ArgumentException>(() => EventTemplates.ToXml(new OrderNotice("refund", "T01"), EventShape.Event, Header));
    }

    [Fact]
    public void A_member_tag_update_writes_every_list_comma_separated_even_when_empty()
    {
        var xml = Parse(new MemberTagUpdated("12", ["zhangsan", "lisi"], [], ["2"], []), EventShape.Event);

        Assert.Equal("change_contact", Field(xml, "Event"));
        Assert.Equal("update_tag", Field(xml, "ChangeType"));
        Assert.Equal("zhangsan,lisi", Field(xml, "AddUserItems"));
        Assert.Equal(string.Empty, Field(xml, "DelUserItems"));
        Assert.Equal("2", Field(xml, "AddPartyItems"));
    }

    [Fact]
    public void A_corp_tag_shuffle_names_the_group_without_a_tag_type()
    {
        var xml = Parse(new CorpTagChanged("shuffle", "etGroup01", TagType: null), EventShape.InfoType);

        Assert.Equal("change_external_tag", Field(xml, "InfoType"));
        Assert.Equal("etGroup01", Field(xml, "Id"));
        Assert.Null(xml.Element("TagType"));
        Assert.Equal("shuffle", Field(xml, "ChangeType"));
    }

    [Fact]
    public void A_secret_reset_is_about_the_suite_and_carries_only_the_auth_code()
    {
        var xml = Parse(new PermanentCodeResetPushed("AUTHCODE01"), EventShape.InfoType);

        Assert.Equal(["SuiteId", "AuthCode", "InfoType", "TimeStamp"], xml.Elements().Select(element => element.Name.LocalName));
    }

    [Fact]
    public void Text_values_are_CDATA_and_survive_markup_characters()
    {
        const string state = "a<b>&c]]>d";
        var plaintext = EventTemplates.ToXml(new ContactAdded("zhangsan", "wm1", state, "W"), EventShape.InfoType, Header);

        Assert.Contains("<UserID><![CDATA[zhangsan]]></UserID>", plaintext, StringComparison.Ordinal);
        Assert.Contains("<TimeStamp>1760000000</TimeStamp>", plaintext, StringComparison.Ordinal);
        Assert.Equal(state, Field(XElement.Parse(plaintext), "State"));
    }

    private static XElement Parse(TriggerEvent callback, EventShape shape)
    {
        var xml = XElement.Parse(EventTemplates.ToXml(callback, shape, Header));
        Assert.Equal("xml", xml.Name.LocalName);
        return xml;
    }

    private static string? Field(XElement xml, string name) => xml.Element(name)?.Value;
}
