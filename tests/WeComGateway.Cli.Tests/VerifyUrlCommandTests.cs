using WeComGateway.Callbacks;
using WeComGateway.Cli.Commands;
using WeComGateway.Cli.Tests.Support;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace WeComGateway.Cli.Tests;

/// <summary><c>wecomgw verify-url</c> against a stub that decrypts the echostr: needs the Callbacks implementation.</summary>
public sealed class VerifyUrlCommandTests : IDisposable
{
    private const string CommandPath = $"/wecom/suites/{SuiteOptions.DemoSuiteId}/command";

    private readonly WireMockServer _gateway = WireMockServer.Start();

    public void Dispose() => _gateway.Dispose();

    [Fact]
    public async Task Verify_url_passes_when_the_gateway_answers_the_decrypted_echostr()
    {
        AnswerWith(echo => echo);

        var result = await CliRun.RunAsync("verify-url", "--base-url", _gateway.Url!);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("PASS", result.Output, StringComparison.Ordinal);
        var request = ReceivedCallback.From(Assert.Single(_gateway.LogEntries).RequestMessage);
        Assert.Equal("GET", request.Method);
        Assert.Equal(CommandPath, request.Path);
        Assert.Equal(["msg_signature", "timestamp", "nonce", "echostr"], request.Query.Keys);
    }

    [Fact]
    public async Task Verify_url_seals_the_provider_corp_id_into_the_echostr()
    {
        string? receiveId = null;
        AnswerWith(echo => echo, decrypted => receiveId = decrypted.ReceiveId);

        await CliRun.RunAsync("verify-url", "--base-url", _gateway.Url!, "--provider-corp-id", "wwProvider01");

        Assert.Equal("wwProvider01", receiveId);
    }

    [Fact]
    public async Task Verify_url_fails_when_the_answer_is_not_exactly_the_echostr()
    {
        AnswerWith(echo => echo + "\n");

        var result = await CliRun.RunAsync("verify-url", "--base-url", _gateway.Url!);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_url_fails_when_the_gateway_refuses()
    {
        _gateway.Given(Request.Create().WithPath(CommandPath).UsingGet()).RespondWith(Response.Create().WithStatusCode(403).WithBody("wrong_receive_id"));

        var result = await CliRun.RunAsync("verify-url", "--base-url", _gateway.Url!, "--receive-id", "wwStranger");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL", result.Output, StringComparison.Ordinal);
        Assert.Contains("403", result.Output, StringComparison.Ordinal);
    }

    /// <summary>A stub gateway: verifies and decrypts the echostr, then answers with whatever <paramref name="reply"/> makes of it.</summary>
    private void AnswerWith(Func<string, string> reply, Action<DecryptedMessage>? observe = null) =>
        _gateway.Given(Request.Create().WithPath(CommandPath).UsingGet()).RespondWith(Response.Create().WithCallback(request =>
        {
            var query = ReceivedCallback.ParseQuery(request.RawQuery);
            using var crypto = new CallbackCrypto(SuiteOptions.DemoToken, SuiteOptions.DemoEncodingAesKey);
            if (!crypto.VerifySignature(query["msg_signature"], query["timestamp"], query["nonce"], query["echostr"]))
            {
                return new ResponseMessage { StatusCode = 401 };
            }

            var decrypted = crypto.Decrypt(query["echostr"]);
            observe?.Invoke(decrypted);
            return new ResponseMessage
            {
                StatusCode = 200,
                BodyData = new BodyData { BodyAsString = reply(decrypted.Message), DetectedBodyType = BodyType.String },
            };
        }));
}
