using System.Net;
using WeComGateway.Testing;

namespace WeComGateway.Receiver.Tests;

public sealed class UrlVerificationTests
{
    [Fact]
    public async Task Official_GET_vector_V2_answers_the_bare_echostr()
    {
        // The published vector V2 (docs/wecom-protocol.md, "Test vectors") is from 2014: widen the replay window so its timestamp is still accepted.
        await using var app = ReceiverHost.WithHarness(TestSuite.Official, ("Receiver:TimestampTolerance", "36500.00:00:00"));
        const string query = "msg_signature=5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3&timestamp=1409659589&nonce=263014780"
            + "&echostr=P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D";

        var response = await app.CreateClient().GetAsync($"/wecom/suites/{TestSuite.Official.SuiteId}/data?{query}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1616140317555161061"u8.ToArray(), await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("command")]
    [InlineData("data")]
    public async Task Handshake_sealed_for_the_provider_corp_is_answered_on_both_urls(string url)
    {
        var suite = TestSuite.Fresh();
        await using var app = ReceiverHost.WithHarness(suite);
        var (path, echo) = SignedCallback.Handshake(suite, url);

        var body = await app.CreateClient().GetStringAsync(path);

        Assert.Equal(echo, body);
    }

    [Fact]
    public async Task Handshake_whose_plus_signs_a_proxy_turned_into_spaces_still_verifies()
    {
        var suite = TestSuite.Fresh();
        await using var app = ReceiverHost.WithHarness(suite);
        string path, echo;
        do
        {
            (path, echo) = SignedCallback.Handshake(suite, "command");
        }
        while (!path.Contains("%2B", StringComparison.Ordinal));

        var body = await app.CreateClient().GetStringAsync(path.Replace("%2B", "%20", StringComparison.Ordinal));

        Assert.Equal(echo, body);
    }

    [Fact]
    public async Task Handshake_sealed_for_another_corp_is_refused_and_the_id_logged()
    {
        var suite = TestSuite.Fresh();
        await using var app = ReceiverHost.WithHarness(suite);
        var (path, _) = SignedCallback.Handshake(suite, "command", receiveId: "wwsomeoneelse01");

        var response = await app.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("wrong_receive_id", app.LogText(), StringComparison.Ordinal);
        Assert.Contains("wwsomeoneelse01", app.LogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handshake_with_a_forged_signature_is_refused()
    {
        var suite = TestSuite.Fresh();
        await using var app = ReceiverHost.WithHarness(suite);
        var (path, _) = SignedCallback.Handshake(suite, "data");
        var forged = System.Text.RegularExpressions.Regex.Replace(path, "msg_signature=[0-9a-f]{40}", "msg_signature=" + new string('0', 40));

        var response = await app.CreateClient().GetAsync(forged);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
