using System.Text.Json;
using WeComGateway.Contracts;
using static WeComGateway.Callbacks.Tests.CallbackSamples;

namespace WeComGateway.Callbacks.Tests;

/// <summary>Sharing, permission, registration and billing callbacks.</summary>
public sealed class ProviderCallbackTests
{
    [Fact]
    public void A_registered_corp_names_its_admin_and_template_but_never_the_contact_sync_token()
    {
        var parsed = Parse(RegisterCorp);

        var registered = Assert.IsType<CorpRegistered>(parsed.Event);
        Assert.Equal("wwddddccc7775555aab", registered.CorpId);
        Assert.Equal("pIKi3wRPNWCGF-pyP-YU5KWjDDD", registered.RegisterCode);
        Assert.Equal(("zhangshan", "state001", "tpl1test"), (registered.AuthUserId, registered.State, registered.TemplateId));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1502682179), registered.EventTime);
        Assert.DoesNotContain("CONTACT-SYNC-ACCESS-TOKEN", JsonSerializer.Serialize<object>(registered), StringComparison.Ordinal);
    }

    [Fact]
    public void A_registration_that_misses_every_optional_field_is_still_its_record_so_the_token_stays_off_the_bus()
    {
        var xml = RegisterCorp.Replace("register_corp", "enter_register_package", StringComparison.Ordinal)
            .Replace("<RegisterCode><![CDATA[pIKi3wRPNWCGF-pyP-YU5KWjDDD]]></RegisterCode>", "", StringComparison.Ordinal);

        var entered = Assert.IsType<RegisterPackageEntered>(Parse(xml).Event);

        Assert.Null(entered.RegisterCode);
        Assert.DoesNotContain("CONTACT-SYNC-ACCESS-TOKEN", JsonSerializer.Serialize<object>(entered), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_callback_carrying_a_token_element_is_published_with_the_token_redacted()
    {
        var xml = SuiteCommand("brand_new_sync", "<AccessToken><![CDATA[SECRET-TOKEN]]></AccessToken><Keep>1</Keep>");

        var unrecognized = Assert.IsType<UnrecognizedCallbackReceived>(Parse(xml).Event);

        Assert.Equal("brand_new_sync", unrecognized.Kind);
        Assert.DoesNotContain("SECRET-TOKEN", unrecognized.Xml, StringComparison.Ordinal);
        Assert.Contains("<AccessToken>[redacted]</AccessToken>", unrecognized.Xml, StringComparison.Ordinal);
        Assert.Contains("<Keep>1</Keep>", unrecognized.Xml, StringComparison.Ordinal);
        Assert.Equal(CallbackEventParser.ComputeDedupeKey(xml), unrecognized.DedupeKey);
    }

    [Theory]
    [MemberData(nameof(BothShapes), MemberType = typeof(CallbackSamples))]
    public void Billing_callbacks_name_the_paying_enterprise_and_the_orders(Shape shape)
    {
        var opened = Assert.IsType<AppOrderOpened>(Parse(InOwnCorp(shape, "open_order",
            "<PaidCorpId>wwpaid</PaidCorpId><OrderId>O1</OrderId><OperatorId>zhangsan</OperatorId>")).Event);
        var changed = Assert.IsType<AppOrderChanged>(Parse(InOwnCorp(shape, "change_order",
            "<PaidCorpId>wwpaid</PaidCorpId><OldOrderId>O1</OldOrderId><NewOrderId>O2</NewOrderId>")).Event);
        var paid = Assert.IsType<AppOrderPaid>(Parse(InOwnCorp(shape, "pay_for_app_success", "<PaidCorpId>wwpaid</PaidCorpId><OrderId>O2</OrderId>")).Event);
        var refunded = Assert.IsType<AppOrderRefunded>(Parse(InOwnCorp(shape, "refund", "<PaidCorpId>wwpaid</PaidCorpId><OrderId>O2</OrderId>")).Event);
        var edition = Assert.IsType<AppEditionChanged>(Parse(InOwnCorp(shape, "change_editon", "<PaidCorpId>wwpaid</PaidCorpId>")).Event);

        Assert.Equal(("wwpaid", "O1", "zhangsan"), (opened.CorpId, opened.OrderId, opened.OperatorId));
        Assert.Equal(("O1", "O2"), (changed.OldOrderId, changed.NewOrderId));
        Assert.Equal("O2", paid.OrderId);
        Assert.Equal("O2", refunded.OrderId);
        Assert.Equal("wwpaid", edition.CorpId);
    }

    [Theory]
    [MemberData(nameof(BothShapes), MemberType = typeof(CallbackSamples))]
    public void Shared_app_changes_name_the_enterprise_from_their_CorpId_field(Shape shape)
    {
        var agent = Assert.IsType<SharedAgentChanged>(Parse(InOwnCorp(shape, "share_agent_change",
            "<AppId>1</AppId><CorpId>wwshared</CorpId><AgentId>1000012</AgentId>")).Event);
        var chain = Assert.IsType<SharedChainChanged>(Parse(InOwnCorp(shape, "share_chain_change",
            "<CorpId>wwshared</CorpId><AgentId>oops</AgentId>")).Event);

        Assert.Equal(("wwshared", "1", 1000012L), (agent.CorpId, agent.AppId, agent.AgentId));
        Assert.Equal(("wwshared", (long?)null), (chain.CorpId, chain.AgentId));
    }

    [Theory]
    [MemberData(nameof(BothShapes), MemberType = typeof(CallbackSamples))]
    public void Permission_changes_say_which_permission(Shape shape)
    {
        var approved = Assert.IsType<SpecialAuthorizationApproved>(Parse(In(shape, "approve_special_auth", "<AuthType>customer_acquisition</AuthType>")).Event);
        var cancelled = Assert.IsType<SpecialAuthorizationCancelled>(Parse(In(shape, "cancel_special_auth", "<AuthType>customer_acquisition</AuthType>")).Event);

        Assert.Equal("customer_acquisition", approved.AuthType);
        Assert.Equal("customer_acquisition", cancelled.AuthType);
        Assert.IsType<CorpArchitectureAuthorized>(Parse(In(shape, "corp_arch_auth", "")).Event);
        Assert.IsType<ExternalUserIdMigrationAgreed>(Parse(In(shape, "agree_external_userid_migration", "<ServiceCorpId>wwprov</ServiceCorpId>")).Event);
    }

    [Fact]
    public void An_app_admin_change_arrives_as_an_event_and_names_the_agent()
    {
        var changed = Assert.IsType<AppAdminChanged>(Parse(DataEvent("change_app_admin", "<AgentID>1000005</AgentID>")).Event);

        Assert.Equal((DataCorpId, 1000005L), (changed.CorpId, changed.AgentId));
    }
}
