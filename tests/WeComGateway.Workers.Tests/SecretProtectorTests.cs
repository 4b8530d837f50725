using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using WeComGateway.Storage;
using WeComGateway.Storage.Authorizations;
using WeComGateway.Storage.Secrets;

namespace WeComGateway.Workers.Tests;

public sealed class SecretProtectorTests
{
    private static readonly SecretProtector Protector = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void A_permanent_code_round_trips_and_is_not_visible_in_the_ciphertext()
    {
        const string code = "permanent-code-of-ww001";

        var protectedValue = Protector.Protect(code, SecretBinding.PermanentCode("ww001"));

        Assert.DoesNotContain(code, protectedValue, StringComparison.Ordinal);
        Assert.Equal(SecretProtector.Version, Convert.FromBase64String(protectedValue)[0]);
        Assert.Equal(1 + 12 + code.Length + 16, Convert.FromBase64String(protectedValue).Length);
        Assert.Equal(code, Protector.Unprotect(protectedValue, SecretBinding.PermanentCode("ww001")));
    }

    [Fact]
    public void The_same_code_encrypts_differently_each_time()
    {
        var binding = SecretBinding.PermanentCode("ww001");

        Assert.NotEqual(Protector.Protect("code", binding), Protector.Protect("code", binding));
    }

    [Fact]
    public void A_ciphertext_copied_to_another_corp_or_purpose_does_not_decrypt()
    {
        var protectedValue = Protector.Protect("code", SecretBinding.PermanentCode("ww001"));

        var otherCorp = Assert.Throws<SecretUnprotectException>(() => Protector.Unprotect(protectedValue, SecretBinding.PermanentCode("ww002")));
        Assert.Throws<SecretUnprotectException>(() => Protector.Unprotect(protectedValue, new SecretBinding("other_purpose", "ww001")));
        Assert.Contains("ww002", otherCorp.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(protectedValue, otherCorp.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_different_key_or_a_tampered_value_does_not_decrypt()
    {
        var binding = SecretBinding.PermanentCode("ww001");
        var protectedValue = Protector.Protect("code", binding);
        var tampered = Convert.FromBase64String(protectedValue);
        tampered[^1] ^= 1;

        Assert.Throws<SecretUnprotectException>(() => new SecretProtector(RandomNumberGenerator.GetBytes(32)).Unprotect(protectedValue, binding));
        Assert.Throws<SecretUnprotectException>(() => Protector.Unprotect(Convert.ToBase64String(tampered), binding));
        Assert.Throws<SecretUnprotectException>(() => Protector.Unprotect("not base64!", binding));
        Assert.Throws<SecretUnprotectException>(() => Protector.Unprotect(Convert.ToBase64String(new byte[8]), binding));
    }

    [Fact]
    public async Task With_Redis_configured_a_missing_key_stops_start_up_and_names_the_setting()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(("ConnectionStrings:Redis", "127.0.0.1:1")));

        Assert.Contains("Gateway:SecretsKey", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("c2hvcnQta2V5")] // "short-key": 9 bytes
    [InlineData("this is not base64 at all, it is a passphrase!")]
    public async Task A_malformed_key_stops_start_up_without_echoing_the_value(string key)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(("Gateway:SecretsKey", key)));

        Assert.Contains("Gateway:SecretsKey", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_embedded_default_without_a_key_uses_an_ephemeral_one_and_warns()
    {
        var logs = new FakeLogCollector();
        using var host = await StartAsync(logs);

        var protector = host.Services.GetRequiredService<ISecretProtector>();
        Assert.Equal("x", protector.Unprotect(protector.Protect("x", SecretBinding.PermanentCode("ww1")), SecretBinding.PermanentCode("ww1")));
        var warning = Assert.Single(logs.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Contains("Gateway:SecretsKey", warning.Message, StringComparison.Ordinal);
        Assert.IsType<InMemoryAuthorizationStore>(host.Services.GetRequiredService<IAuthorizationStore>());
    }

    [Fact]
    public async Task A_configured_key_is_used_with_Redis()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        using var host = await StartAsync(null, ("Gateway:SecretsKey", key), ("ConnectionStrings:Redis", "127.0.0.1:1,abortConnect=false"));

        var binding = SecretBinding.PermanentCode("ww1");
        var protectedValue = host.Services.GetRequiredService<ISecretProtector>().Protect("x", binding);
        Assert.Equal("x", new SecretProtector(Convert.FromBase64String(key)).Unprotect(protectedValue, binding));
        Assert.IsType<RedisAuthorizationStore>(host.Services.GetRequiredService<IAuthorizationStore>());
    }

    private static Task<IHost> StartAsync(params (string Key, string Value)[] settings) => StartAsync(null, settings);

    private static async Task<IHost> StartAsync(FakeLogCollector? logs, params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Logging.AddFakeLogging(o => o.CollectRecordsForDisabledLogLevels = false);
        if (logs is not null)
        {
            builder.Services.AddSingleton(logs);
        }

        builder.Services.AddGatewayStores(builder.Configuration).AddSecretsKeyStartupCheck();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
