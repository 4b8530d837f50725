using System.Xml.Linq;
using Microsoft.Extensions.Time.Testing;
using WeComGateway.Callbacks;
using WeComGateway.Cli.Commands;
using WeComGateway.Cli.Signing;

namespace WeComGateway.Cli.Tests;

/// <summary>Round trips through <see cref="CallbackCrypto"/>: these need the Callbacks implementation.</summary>
public sealed class SignedCallbackBuilderTests : IDisposable
{
    private const string Plaintext = "<xml><SuiteId><![CDATA[ww0000demosuite001]]></SuiteId><InfoType><![CDATA[suite_ticket]]></InfoType><TimeStamp>1760000000</TimeStamp><SuiteTicket><![CDATA[票据-1]]></SuiteTicket></xml>";

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_760_000_123));
    private readonly CallbackCrypto _crypto = new(SuiteOptions.DemoToken, SuiteOptions.DemoEncodingAesKey);

    public void Dispose() => _crypto.Dispose();

    [Fact]
    public void Signed_callback_verifies_and_decrypts_to_the_same_plaintext_sealed_for_the_receive_id()
    {
        using var builder = new SignedCallbackBuilder(SuiteOptions.DemoToken, SuiteOptions.DemoEncodingAesKey, _time);

        var signed = builder.Build(Plaintext, SuiteOptions.DemoSuiteId, SuiteOptions.DemoSuiteId);

        Assert.True(_crypto.VerifySignature(signed.Query.MsgSignature, signed.Query.Timestamp, signed.Query.Nonce, signed.Encrypt));
        var decrypted = _crypto.Decrypt(signed.Encrypt);
        Assert.Equal(Plaintext, decrypted.Message);
        Assert.Equal(SuiteOptions.DemoSuiteId, decrypted.ReceiveId);
    }

    [Fact]
    public void Data_url_callbacks_are_sealed_for_the_corp_and_addressed_to_it()
    {
        using var builder = new SignedCallbackBuilder(_crypto, _time);

        var signed = builder.Build(Plaintext, SuiteOptions.DemoCorpId, SuiteOptions.DemoCorpId);

        Assert.Equal(SuiteOptions.DemoCorpId, _crypto.Decrypt(signed.Encrypt).ReceiveId);
        Assert.Equal(SuiteOptions.DemoCorpId, XElement.Parse(signed.Body).Element("ToUserName")!.Value);
    }

    [Fact]
    public void Envelope_body_is_the_xml_WeCom_posts_and_the_gateway_parses()
    {
        using var builder = new SignedCallbackBuilder(_crypto, _time);

        var signed = builder.Build(Plaintext, SuiteOptions.DemoSuiteId, SuiteOptions.DemoSuiteId);

        Assert.Equal(
            $"<xml><ToUserName><![CDATA[{SuiteOptions.DemoSuiteId}]]></ToUserName><AgentID><![CDATA[]]></AgentID><Encrypt><![CDATA[{signed.Encrypt}]]></Encrypt></xml>",
            signed.Body);
        var envelope = CallbackEnvelope.Parse(System.Text.Encoding.UTF8.GetBytes(signed.Body));
        Assert.Equal(signed.Encrypt, envelope.Encrypt);
        Assert.Equal(SuiteOptions.DemoSuiteId, envelope.ToUserName);
    }

    [Fact]
    public void Timestamp_is_the_current_unix_second_and_every_request_has_a_fresh_nonce()
    {
        using var builder = new SignedCallbackBuilder(_crypto, _time);

        var first = builder.Build(Plaintext, SuiteOptions.DemoSuiteId, SuiteOptions.DemoSuiteId);
        var second = builder.Build(Plaintext, SuiteOptions.DemoSuiteId, SuiteOptions.DemoSuiteId);

        Assert.Equal("1760000123", first.Query.Timestamp);
        Assert.NotEqual(first.Query.Nonce, second.Query.Nonce);
        Assert.NotEqual(first.Encrypt, second.Encrypt);
    }

    [Fact]
    public void Echo_query_verifies_over_the_echostr_and_decrypts_to_the_echo_for_the_provider()
    {
        using var builder = new SignedCallbackBuilder(_crypto, _time);

        var query = builder.BuildEcho("1616140317555161061", SuiteOptions.DemoProviderCorpId);

        Assert.NotNull(query.EchoStr);
        Assert.True(_crypto.VerifySignature(query.MsgSignature, query.Timestamp, query.Nonce, query.EchoStr));
        var decrypted = _crypto.Decrypt(query.EchoStr);
        Assert.Equal("1616140317555161061", decrypted.Message);
        Assert.Equal(SuiteOptions.DemoProviderCorpId, decrypted.ReceiveId);
    }

    [Fact]
    public void A_different_token_does_not_verify()
    {
        using var builder = new SignedCallbackBuilder("SomeOtherToken", SuiteOptions.DemoEncodingAesKey, _time);

        var signed = builder.Build(Plaintext, SuiteOptions.DemoSuiteId, SuiteOptions.DemoSuiteId);

        Assert.False(_crypto.VerifySignature(signed.Query.MsgSignature, signed.Query.Timestamp, signed.Query.Nonce, signed.Encrypt));
    }
}
