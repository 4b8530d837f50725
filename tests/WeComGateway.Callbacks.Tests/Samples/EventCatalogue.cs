using WeComGateway.Contracts;
using static WeComGateway.Callbacks.Tests.CallbackSamples;

namespace WeComGateway.Callbacks.Tests;

/// <summary>One documented callback: its root (InfoType or Event), its own fields, and what it must map to.</summary>
/// <param name="OwnCorpId">The enterprise named in the fields themselves (AuthCorpId, PaidCorpId or CorpId), if any.</param>
/// <param name="SuiteLevel">About the suite, not an enterprise: no AuthCorpId in the command shape.</param>
internal sealed record EventCase(
    string Root, string Fields, Type Expected, string Kind, string? OwnCorpId = null, bool SuiteLevel = false)
{
    public string Xml(Shape shape) => shape switch
    {
        Shape.Event => DataEvent(Root, Fields),
        _ when SuiteLevel || OwnCorpId is not null => SuiteCommand(Root, Fields),
        _ => Command(Root, Fields),
    };

    public string? ExpectedCorpId(Shape shape) =>
        OwnCorpId ?? (shape == Shape.Event ? DataCorpId : SuiteLevel ? null : AuthCorpId);
}

/// <summary>Every WeCom callback (suite and customer-contact events) that has a contract record, keyed by a readable name.</summary>
internal static class EventCatalogue
{
    private const string Customer = "<UserID>zhangsan</UserID><ExternalUserID>woAJ2GCAAAXtWyujaWJHDDGi0mACH71w</ExternalUserID>";
    private const string Chat = "<ChatId><![CDATA[wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA]]></ChatId>";
    private const string PaidCorp = "wwpaidcorp00000001";
    private const string SharedCorp = "wwsharedcorp000001";
    private const string RegisteredCorp = "wwregisteredcorp01";

    public static readonly IReadOnlyDictionary<string, EventCase> Cases = new Dictionary<string, EventCase>
    {
        ["suite ticket"] = new("suite_ticket", "<SuiteTicket>TICKET</SuiteTicket>", typeof(SuiteTicketReceived), "suite_ticket", SuiteLevel: true),
        ["install"] = new("create_auth", "<AuthCode>AUTHCODE</AuthCode><State>s1</State>", typeof(AuthorizationCreated), "create_auth", SuiteLevel: true),
        ["authorization change"] = new("change_auth", "<State>s1</State>", typeof(AuthorizationChanged), "change_auth"),
        ["uninstall"] = new("cancel_auth", "", typeof(AuthorizationCancelled), "cancel_auth"),
        ["secret reset"] = new("reset_permanent_code", "<AuthCode>AUTHCODE</AuthCode>", typeof(PermanentCodeReset), "reset_permanent_code", SuiteLevel: true),

        ["member created"] = new("change_contact", "<ChangeType>create_user</ChangeType><UserID>zhangsan</UserID><Department>1,2</Department>", typeof(DirectoryMemberCreated), "change_contact/create_user"),
        ["member updated"] = new("change_contact", "<ChangeType>update_user</ChangeType><UserID>zhangsan</UserID><NewUserID>zhangsan2</NewUserID>", typeof(DirectoryMemberUpdated), "change_contact/update_user"),
        ["member deleted"] = new("change_contact", "<ChangeType>delete_user</ChangeType><UserID>zhangsan</UserID>", typeof(DirectoryMemberDeleted), "change_contact/delete_user"),
        ["department created"] = new("change_contact", "<ChangeType>create_party</ChangeType><Id>2</Id><ParentId>1</ParentId>", typeof(DirectoryDepartmentCreated), "change_contact/create_party"),
        ["department updated"] = new("change_contact", "<ChangeType>update_party</ChangeType><Id>2</Id><Name>研发</Name>", typeof(DirectoryDepartmentUpdated), "change_contact/update_party"),
        ["department deleted"] = new("change_contact", "<ChangeType>delete_party</ChangeType><Id>2</Id>", typeof(DirectoryDepartmentDeleted), "change_contact/delete_party"),
        ["member tag updated"] = new("change_contact", "<ChangeType>update_tag</ChangeType><TagId>1</TagId><AddUserItems>zhangsan,lisi</AddUserItems>", typeof(DirectoryTagUpdated), "change_contact/update_tag"),

        ["customer added"] = new("change_external_contact", $"<ChangeType>add_external_contact</ChangeType>{Customer}<State>ch1</State><WelcomeCode>W</WelcomeCode>", typeof(ExternalContactAdded), "change_external_contact/add_external_contact"),
        ["customer half added"] = new("change_external_contact", $"<ChangeType>add_half_external_contact</ChangeType>{Customer}<State>ch1</State>", typeof(ExternalContactHalfAdded), "change_external_contact/add_half_external_contact"),
        ["customer edited"] = new("change_external_contact", $"<ChangeType>edit_external_contact</ChangeType>{Customer}", typeof(ExternalContactEdited), "change_external_contact/edit_external_contact"),
        ["customer deleted by employee"] = new("change_external_contact", $"<ChangeType>del_external_contact</ChangeType>{Customer}<Source>DELETE_BY_TRANSFER</Source>", typeof(ExternalContactDeletedByEmployee), "change_external_contact/del_external_contact"),
        ["employee deleted by customer"] = new("change_external_contact", $"<ChangeType>del_follow_user</ChangeType>{Customer}", typeof(ExternalContactDeletedByCustomer), "change_external_contact/del_follow_user"),
        ["transfer failed"] = new("change_external_contact", $"<ChangeType>transfer_fail</ChangeType>{Customer}<FailReason>customer_refused</FailReason>", typeof(ExternalContactTransferFailed), "change_external_contact/transfer_fail"),
        ["chat archive approved"] = new("change_external_contact", $"<ChangeType>msg_audit_approved</ChangeType>{Customer}<WelcomeCode>W</WelcomeCode>", typeof(ChatArchiveApproved), "change_external_contact/msg_audit_approved"),

        ["group created"] = new("change_external_chat", $"{Chat}<ChangeType>create</ChangeType>", typeof(GroupChatCreated), "change_external_chat/create"),
        ["group dismissed"] = new("change_external_chat", $"{Chat}<ChangeType>dismiss</ChangeType>", typeof(GroupChatDismissed), "change_external_chat/dismiss"),
        ["group member joined"] = new("change_external_chat", $"{Chat}<ChangeType>update</ChangeType><UpdateDetail>add_member</UpdateDetail><JoinScene>0</JoinScene>", typeof(GroupChatMemberJoined), "change_external_chat/update/add_member"),
        ["group member left"] = new("change_external_chat", $"{Chat}<ChangeType>update</ChangeType><UpdateDetail>del_member</UpdateDetail><QuitScene>1</QuitScene>", typeof(GroupChatMemberLeft), "change_external_chat/update/del_member"),
        ["group owner changed"] = new("change_external_chat", $"{Chat}<ChangeType>update</ChangeType><UpdateDetail>change_owner</UpdateDetail>", typeof(GroupChatOwnerChanged), "change_external_chat/update/change_owner"),
        ["group renamed"] = new("change_external_chat", $"{Chat}<ChangeType>update</ChangeType><UpdateDetail>change_name</UpdateDetail>", typeof(GroupChatRenamed), "change_external_chat/update/change_name"),
        ["group notice changed"] = new("change_external_chat", $"{Chat}<ChangeType>update</ChangeType><UpdateDetail>change_notice</UpdateDetail>", typeof(GroupChatNoticeChanged), "change_external_chat/update/change_notice"),

        ["customer tag created"] = new("change_external_tag", "<Id>TAG_ID</Id><TagType>tag</TagType><ChangeType>create</ChangeType>", typeof(CorpTagCreated), "change_external_tag/create"),
        ["customer tag updated"] = new("change_external_tag", "<Id>TAG_ID</Id><TagType>tag</TagType><ChangeType>update</ChangeType>", typeof(CorpTagUpdated), "change_external_tag/update"),
        ["customer tag group deleted"] = new("change_external_tag", "<Id>GROUP_ID</Id><TagType>tag_group</TagType><ChangeType>delete</ChangeType>", typeof(CorpTagDeleted), "change_external_tag/delete"),
        ["customer tags reordered"] = new("change_external_tag", "<Id>GROUP_ID</Id><StrategyId>S1</StrategyId><ChangeType>shuffle</ChangeType>", typeof(CorpTagsReordered), "change_external_tag/shuffle"),

        ["shared app changed"] = new("share_agent_change", $"<AppId>1</AppId><CorpId>{SharedCorp}</CorpId><AgentId>1000012</AgentId>", typeof(SharedAgentChanged), "share_agent_change", OwnCorpId: SharedCorp),
        ["chain app changed"] = new("share_chain_change", $"<AppId>1</AppId><CorpId>{SharedCorp}</CorpId><AgentId>1000012</AgentId>", typeof(SharedChainChanged), "share_chain_change", OwnCorpId: SharedCorp),
        ["org structure authorized"] = new("corp_arch_auth", "", typeof(CorpArchitectureAuthorized), "corp_arch_auth"),
        ["special permission granted"] = new("approve_special_auth", "<AuthType>customer_acquisition</AuthType>", typeof(SpecialAuthorizationApproved), "approve_special_auth"),
        ["special permission withdrawn"] = new("cancel_special_auth", "<AuthType>customer_acquisition</AuthType>", typeof(SpecialAuthorizationCancelled), "cancel_special_auth"),
        ["corp registered"] = new("register_corp", $"<RegisterCode>R1</RegisterCode><AuthCorpId>{RegisteredCorp}</AuthCorpId><AuthUserInfo><UserId>admin</UserId></AuthUserInfo>", typeof(CorpRegistered), "register_corp", OwnCorpId: RegisteredCorp),
        ["register package entered"] = new("enter_register_package", $"<RegisterCode>R1</RegisterCode><AuthCorpId>{RegisteredCorp}</AuthCorpId><TemplateId>tpl1</TemplateId>", typeof(RegisterPackageEntered), "enter_register_package", OwnCorpId: RegisteredCorp),
        ["order opened"] = new("open_order", $"<PaidCorpId>{PaidCorp}</PaidCorpId><OrderId>O1</OrderId><OperatorId>zhangsan</OperatorId>", typeof(AppOrderOpened), "open_order", OwnCorpId: PaidCorp),
        ["order changed"] = new("change_order", $"<PaidCorpId>{PaidCorp}</PaidCorpId><OldOrderId>O1</OldOrderId><NewOrderId>O2</NewOrderId>", typeof(AppOrderChanged), "change_order", OwnCorpId: PaidCorp),
        ["order paid"] = new("pay_for_app_success", $"<PaidCorpId>{PaidCorp}</PaidCorpId><OrderId>O1</OrderId>", typeof(AppOrderPaid), "pay_for_app_success", OwnCorpId: PaidCorp),
        ["order refunded"] = new("refund", $"<PaidCorpId>{PaidCorp}</PaidCorpId><OrderId>O1</OrderId>", typeof(AppOrderRefunded), "refund", OwnCorpId: PaidCorp),
        ["edition changed"] = new("change_editon", $"<PaidCorpId>{PaidCorp}</PaidCorpId>", typeof(AppEditionChanged), "change_editon", OwnCorpId: PaidCorp),
        ["external user id migration agreed"] = new("agree_external_userid_migration", "<ServiceCorpId>wwprovider0000001</ServiceCorpId>", typeof(ExternalUserIdMigrationAgreed), "agree_external_userid_migration"),
        ["app admins changed"] = new("change_app_admin", "<AgentID>1000005</AgentID>", typeof(AppAdminChanged), "change_app_admin"),
    };

    public static TheoryData<Shape, string> EveryCaseInBothShapes()
    {
        var data = new TheoryData<Shape, string>();
        foreach (var name in Cases.Keys)
        {
            data.Add(Shape.InfoType, name);
            data.Add(Shape.Event, name);
        }

        return data;
    }
}
