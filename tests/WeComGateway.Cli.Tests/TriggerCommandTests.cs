using System.Net;
using System.Net.Sockets;
using System.Xml.Linq;
using WeComGateway.Callbacks;
using WeComGateway.Cli.Commands;
using WeComGateway.Cli.Events;
using WeComGateway.Cli.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace WeComGateway.Cli.Tests;

/// <summary>
/// <c>wecomgw trigger</c> against a stub receiver. The CLI encrypts with CallbackCrypto, so these need the
/// Callbacks implementation.
/// </summary>
public sealed class TriggerCommandTests : IDisposable
{
    private const string CommandPath = $"/wecom/suites/{SuiteOptions.DemoSuiteId}/command";
    private const string DataPath = $"/wecom/suites/{SuiteOptions.DemoSuiteId}/data";

    private readonly WireMockServer _gateway = WireMockServer.Start();

    public TriggerCommandTests()
    {
        _gateway.Given(Request.Create().WithPath(CommandPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("success"));
        _gateway.Given(Request.Create().WithPath(DataPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
    }

    public void Dispose() => _gateway.Dispose();

    private string BaseUrl => _gateway.Url!;

    private IReadOnlyList<ReceivedCallback> Received => [.. _gateway.LogEntries.Select(entry => ReceivedCallback.From(entry.RequestMessage))];

    [Fact]
    public async Task Contact_added_posts_a_signed_callback_to_the_command_url()
    {
        var result = await CliRun.RunAsync("trigger", "contact-added", "--base-url", BaseUrl, "--state", "spring-poster");

        Assert.Equal(0, result.ExitCode);
        var callback = Assert.Single(Received);
        Assert.Equal("POST", callback.Method);
        Assert.Equal(CommandPath, callback.Path);
        Assert.Equal(["msg_signature", "timestamp", "nonce"], callback.Query.Keys);
        Assert.All(callback.Query.Values, value => Assert.False(string.IsNullOrEmpty(value)));
        Assert.Equal(SuiteOptions.DemoSuiteId, callback.Envelope.Element("ToUserName")!.Value);
        Assert.Equal(string.Empty, callback.Envelope.Element("AgentID")!.Value);

        var decrypted = callback.VerifyAndDecrypt(SuiteOptions.DemoToken, SuiteOptions.DemoEncodingAesKey);
        Assert.Equal(SuiteOptions.DemoSuiteId, decrypted.ReceiveId);
        var plaintext = XElement.Parse(decrypted.Message);
        Assert.Equal("change_external_contact", plaintext.Element("InfoType")!.Value);
        Assert.Equal("add_external_contact", plaintext.Element("ChangeType")!.Value);
        Assert.Equal(SuiteOptions.DemoCorpId, plaintext.Element("AuthCorpId")!.Value);
        Assert.Equal("spring-poster", plaintext.Element("State")!.Value);
        Assert.False(string.IsNullOrEmpty(plaintext.Element("WelcomeCode")!.Value));

        Assert.Contains("200", result.Output, StringComparison.Ordinal);
        Assert.Contains("success", result.Output, StringComparison.Ordinal);
        Assert.Contains(" ms)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_400_answer_exits_with_1_and_shows_the_body()
    {
        _gateway.Given(Request.Create().WithPath(CommandPath).UsingPost())
            .AtPriority(0)
            .RespondWith(Response.Create().WithStatusCode(400).WithBody("{\"title\":\"bad_padding\"}"));

        var result = await CliRun.RunAsync("trigger", "contact-deleted", "--base-url", BaseUrl);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("400", result.Output, StringComparison.Ordinal);
        Assert.Contains("bad_padding", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_flag_posts_to_the_data_url_sealed_for_and_addressed_to_the_corp()
    {
        var result = await CliRun.RunAsync("trigger", "member-joined", "--base-url", BaseUrl, "--data", "--shape", "event", "--member", "wmJack", "--member", "wmRose");

        Assert.Equal(0, result.ExitCode);
        var callback = Assert.Single(Received);
        Assert.Equal(DataPath, callback.Path);
        Assert.Equal(SuiteOptions.DemoCorpId, callback.Envelope.Element("ToUserName")!.Value);
        var decrypted = callback.VerifyAndDecrypt(SuiteOptions.DemoToken, SuiteOptions.DemoEncodingAesKey);
        Assert.Equal(SuiteOptions.DemoCorpId, decrypted.ReceiveId);
        var plaintext = XElement.Parse(decrypted.Message);
        Assert.Equal("event", plaintext.Element("MsgType")!.Value);
        Assert.Equal("change_external_chat", plaintext.Element("Event")!.Value);
        Assert.Equal(["wmJack", "wmRose"], plaintext.Element("MemChangeList")!.Elements("Item").Select(item => item.Value));
    }

    [Fact]
    public async Task Receive_id_override_is_sealed_into_the_ciphertext()
    {
        var result = await CliRun.RunAsync("trigger", "suite-ticket", "--base-url", BaseUrl, "--receive-id", "wwSomeoneElse");

        Assert.Equal(0, result.ExitCode);
        var decrypted = Assert.Single(Received).VerifyAndDecrypt(SuiteOptions.DemoToken, SuiteOptions.DemoEncodingAesKey);
        Assert.Equal("wwSomeoneElse", decrypted.ReceiveId);
        Assert.Equal("suite_ticket", XElement.Parse(decrypted.Message).Element("InfoType")!.Value);
    }

    [Fact]
    public async Task Repeat_sends_the_same_signed_request_every_time()
    {
        var result = await CliRun.RunAsync("trigger", "create-auth", "--base-url", BaseUrl, "--repeat", "3");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(3, Received.Count);
        Assert.Single(Received.Select(callback => string.Join('&', callback.Query.Values)).Distinct());
        Assert.Single(Received.Select(callback => callback.Body).Distinct());
        Assert.Contains("3 of 3 answered 2xx", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Count_sends_distinct_events_even_when_every_id_is_pinned()
    {
        var result = await CliRun.RunAsync(
            "trigger", "contact-deleted", "--base-url", BaseUrl, "--count", "3", "--user", "zhangsan", "--external-user", "wmSameCustomer");

        Assert.Equal(0, result.ExitCode);
        var plaintexts = Received.Select(callback => callback.VerifyAndDecrypt(SuiteOptions.DemoToken, SuiteOptions.DemoEncodingAesKey).Message).ToList();
        Assert.Equal(3, plaintexts.Count);
        Assert.Equal(3, plaintexts.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Every_invocation_is_a_new_event_so_the_gateway_does_not_dedupe_it()
    {
        await CliRun.RunAsync("trigger", "contact-added", "--base-url", BaseUrl);
        await CliRun.RunAsync("trigger", "contact-added", "--base-url", BaseUrl);

        var plaintexts = Received.Select(callback => callback.VerifyAndDecrypt(SuiteOptions.DemoToken, SuiteOptions.DemoEncodingAesKey).Message).ToList();
        Assert.Equal(2, plaintexts.Count);
        Assert.NotEqual(plaintexts[0], plaintexts[1]);
    }

    [Fact]
    public async Task Settings_come_from_the_environment_when_no_option_is_given()
    {
        _gateway.Given(Request.Create().WithPath("/wecom/suites/wwEnvSuite/command").UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("success"));
        var environment = new Dictionary<string, string>
        {
            ["WECOMGW_BASE_URL"] = BaseUrl,
            ["WECOMGW_SUITE_ID"] = "wwEnvSuite",
            ["WECOMGW_TOKEN"] = "EnvToken",
            ["WECOMGW_CORP_ID"] = "wwEnvCorp",
        };

        var result = await CliRun.RunAsync(environment, "trigger", "contact-added");

        Assert.Equal(0, result.ExitCode);
        var callback = Assert.Single(Received);
        Assert.Equal("/wecom/suites/wwEnvSuite/command", callback.Path);
        var decrypted = callback.VerifyAndDecrypt("EnvToken", SuiteOptions.DemoEncodingAesKey);
        Assert.Equal("wwEnvSuite", decrypted.ReceiveId);
        Assert.Equal("wwEnvCorp", XElement.Parse(decrypted.Message).Element("AuthCorpId")!.Value);
    }

    [Fact]
    public async Task Print_sends_nothing_and_never_shows_the_token_or_key()
    {
        var result = await CliRun.RunAsync("trigger", "contact-added", "--base-url", BaseUrl, "--print");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(Received);
        Assert.Contains("<InfoType><![CDATA[change_external_contact]]></InfoType>", result.Output, StringComparison.Ordinal);
        Assert.Contains($"POST {BaseUrl}{CommandPath}?msg_signature=", result.Output, StringComparison.Ordinal);
        Assert.Contains("<Encrypt><![CDATA[", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(SuiteOptions.DemoToken, result.All, StringComparison.Ordinal);
        Assert.DoesNotContain(SuiteOptions.DemoEncodingAesKey, result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_gateway_is_one_line_and_exit_code_1()
    {
        var result = await CliRun.RunAsync("trigger", "contact-added", "--base-url", $"http://127.0.0.1:{ClosedPort()}", "--count", "2");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("could not reach http://127.0.0.1:", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
        Assert.Single(result.Output.Split('\n'), line => line.Contains("could not reach", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_invalid_aes_key_is_bad_usage_and_is_not_echoed()
    {
        var result = await CliRun.RunAsync("trigger", "contact-added", "--base-url", BaseUrl, "--aes-key", "tooShortSecretKey");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--aes-key", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("tooShortSecretKey", result.All, StringComparison.Ordinal);
        Assert.Empty(Received);
    }

    public static TheoryData<string, string> EveryEventInEveryShape()
    {
        var data = new TheoryData<string, string>();
        foreach (var descriptor in EventCatalog.All)
        {
            foreach (var shape in descriptor.Shapes)
            {
                data.Add(descriptor.Name, shape == EventShape.Event ? "event" : "infotype");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryEventInEveryShape))]
    public async Task Every_event_reaches_the_gateway_as_the_record_trigger_list_promises(string eventName, string shape)
    {
        var result = await CliRun.RunAsync("trigger", eventName, "--base-url", BaseUrl, "--shape", shape);

        Assert.Equal(0, result.ExitCode);
        var decrypted = Assert.Single(Received).VerifyAndDecrypt(SuiteOptions.DemoToken, SuiteOptions.DemoEncodingAesKey);
        var parsed = CallbackEventParser.Parse(decrypted.Message, new CallbackContext(SuiteOptions.DemoSuiteId, decrypted.ReceiveId, DateTimeOffset.UnixEpoch));
        Assert.Equal(EventCatalog.Get(eventName).Kind, parsed.Kind);
        Assert.IsNotType<WeComGateway.Contracts.UnrecognizedCallbackReceived>(parsed.Event);
    }

    [Fact]
    public async Task An_event_WeCom_sends_only_as_MsgType_event_is_sent_that_way_without_shape()
    {
        var result = await CliRun.RunAsync("trigger", "change-app-admin", "--base-url", BaseUrl, "--data", "--agent-id", "1000017");

        Assert.Equal(0, result.ExitCode);
        var plaintext = XElement.Parse(Assert.Single(Received).VerifyAndDecrypt(SuiteOptions.DemoToken, SuiteOptions.DemoEncodingAesKey).Message);
        Assert.Equal("event", plaintext.Element("MsgType")!.Value);
        Assert.Equal("change_app_admin", plaintext.Element("Event")!.Value);
        Assert.Equal(SuiteOptions.DemoCorpId, plaintext.Element("ToUserName")!.Value);
        Assert.Equal("1000017", plaintext.Element("AgentID")!.Value);
    }

    [Theory]
    [InlineData(new[] { "corp-tag-deleted", "--tag-id", "etGroup01", "--tag-type", "tag_group" }, "Id=etGroup01", "TagType=tag_group", "ChangeType=delete")]
    [InlineData(new[] { "tag-updated", "--tag-id", "7", "--user", "lisi" }, "TagId=7", "AddUserItems=lisi", "ChangeType=update_tag")]
    [InlineData(new[] { "member-left", "--chat", "wrChat01", "--quit-scene", "1", "--member", "wmJack" }, "ChatId=wrChat01", "QuitScene=1", "MemChangeCnt=1")]
    [InlineData(new[] { "transfer-failed", "--user", "lisi", "--fail-reason", "customer_limit_exceed" }, "UserID=lisi", "FailReason=customer_limit_exceed", "ChangeType=transfer_fail")]
    [InlineData(new[] { "member-updated", "--user", "zhangsan", "--new-user", "zhangsan2" }, "UserID=zhangsan", "NewUserID=zhangsan2", "ChangeType=update_user")]
    [InlineData(new[] { "department-created", "--department", "42" }, "Id=42", "ParentId=1", "ChangeType=create_party")]
    [InlineData(new[] { "order-changed", "--order-id", "T0001", "--user", "lisi" }, "OldOrderId=T0001", "OperatorId=lisi", "PaidCorpId=ww0000democorp0001")]
    [InlineData(new[] { "corp-registered", "--state", "from-link", "--user", "admin01" }, "State=from-link", "AuthCorpId=ww0000democorp0001", "TemplateId=tpl0000demo001")]
    [InlineData(new[] { "change-auth", "--state", "from-admin" }, "InfoType=change_auth", "State=from-admin", "AuthCorpId=ww0000democorp0001")]
    public async Task Pinned_options_are_the_fields_of_the_callback(string[] args, string first, string second, string third)
    {
        var result = await CliRun.RunAsync(["trigger", .. args, "--base-url", BaseUrl]);

        Assert.Equal(0, result.ExitCode);
        var plaintext = XElement.Parse(Assert.Single(Received).VerifyAndDecrypt(SuiteOptions.DemoToken, SuiteOptions.DemoEncodingAesKey).Message);
        Assert.All([first, second, third], field =>
        {
            var (name, value) = (field.Split('=')[0], field.Split('=')[1]);
            Assert.Equal(value, plaintext.Element(name)?.Value);
        });
    }

    [Fact]
    public async Task A_registration_names_the_admin_and_carries_no_ContactSync_token()
    {
        var result = await CliRun.RunAsync("trigger", "register-package-entered", "--base-url", BaseUrl, "--user", "admin01");

        Assert.Equal(0, result.ExitCode);
        var plaintext = XElement.Parse(Assert.Single(Received).VerifyAndDecrypt(SuiteOptions.DemoToken, SuiteOptions.DemoEncodingAesKey).Message);
        Assert.Equal("admin01", plaintext.Element("AuthUserInfo")!.Element("UserId")!.Value);
        Assert.Equal(SuiteOptions.DemoProviderCorpId, plaintext.Element("ServiceCorpId")!.Value);
        Assert.Null(plaintext.Element("ContactSync"));
        Assert.False(string.IsNullOrEmpty(plaintext.Element("RegisterCode")!.Value));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
