using WeComGateway.Automation.Webhooks;

namespace WeComGateway.Automation.Tests.Webhooks;

public sealed class StandardWebhookSignerTests
{
    // The test vector the Standard Webhooks specification publishes.
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorBody = """{"test": 2432232314}""";
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp);

    [Fact]
    public void The_signature_is_the_one_the_specification_publishes_for_its_vector() =>
        Assert.Equal(VectorSignature, StandardWebhookSigner.Sign(VectorSecret, VectorId, VectorTimestamp, VectorBody));

    [Fact]
    public void A_delivery_verifies_among_several_signatures_and_within_five_minutes()
    {
        Assert.True(StandardWebhookSigner.Verify(VectorSecret, VectorId, "1614265330", VectorSignature, VectorBody, SignedAt));
        Assert.True(StandardWebhookSigner.Verify(VectorSecret, VectorId, "1614265330", "v1,AAAA " + VectorSignature, VectorBody, SignedAt.AddMinutes(4)));
    }

    [Theory]
    [InlineData("""{"test": 2432232315}""", VectorId, "1614265330", 0)]           // body changed
    [InlineData(VectorBody, "msg_other", "1614265330", 0)]                           // another id
    [InlineData(VectorBody, VectorId, "1614265331", 0)]                              // another timestamp
    [InlineData(VectorBody, VectorId, "1614265330", 6)]                              // replayed after the tolerance
    [InlineData(VectorBody, VectorId, "not-a-number", 0)]
    public void A_changed_or_stale_delivery_does_not_verify(string body, string id, string timestamp, int minutesLater) =>
        Assert.False(StandardWebhookSigner.Verify(VectorSecret, id, timestamp, VectorSignature, body, SignedAt.AddMinutes(minutesLater)));

    [Fact]
    public void A_new_secret_is_whsec_and_32_random_bytes_and_signs_what_it_verifies()
    {
        var secret = StandardWebhookSigner.NewSecret();

        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret["whsec_".Length..]).Length);
        Assert.NotEqual(secret, StandardWebhookSigner.NewSecret());
        var signature = StandardWebhookSigner.Sign(secret, "msg_1", 1_700_000_000, "{}");
        Assert.True(StandardWebhookSigner.Verify(secret, "msg_1", "1700000000", signature, "{}", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)));
        Assert.False(StandardWebhookSigner.Verify(VectorSecret, "msg_1", "1700000000", signature, "{}", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)));
    }

    [Fact]
    public void The_webhook_id_is_the_same_for_a_redelivered_message_and_differs_per_subscription()
    {
        var first = WebhookEvents.WebhookIdOf("0b6c0000a1b2c3d4e5f6000000000001", "wh1");

        Assert.Equal(first, WebhookEvents.WebhookIdOf("0b6c0000a1b2c3d4e5f6000000000001", "wh1"));
        Assert.NotEqual(first, WebhookEvents.WebhookIdOf("0b6c0000a1b2c3d4e5f6000000000001", "wh2"));
        Assert.Matches("^msg_[0-9a-f]{32}$", first);
    }

    [Theory]
    [InlineData("https://crm.example.com/hooks/wecom", false, true)]
    [InlineData("http://crm.example.com/hooks", true, false)]
    [InlineData("http://127.0.0.1:5055/hooks", true, true)]
    [InlineData("http://localhost:5055/hooks", true, true)]
    [InlineData("http://127.0.0.1:5055/hooks", false, false)]
    [InlineData("https://user:pass@crm.example.com/", false, false)]
    [InlineData("ftp://crm.example.com/", true, false)]
    [InlineData("/hooks", true, false)]
    public void Only_https_or_allowed_loopback_http_endpoints_are_accepted(string url, bool allowLoopback, bool accepted) =>
        Assert.Equal(accepted, WebhookUrls.Problem(url, allowLoopback) is null);
}
