using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace WeComGateway.Configuration.Tests;

/// <summary>The one <c>WeCom</c> section: what it binds and what it refuses, naming the setting and never its value.</summary>
public sealed class WeComOptionsTests
{
    private const string Key = "gH4Xhh7kPTXxM7BLHj01M1Wbtkj7HCYjTQHuc0N2OKc";

    [Fact]
    public void Binds_suites_secrets_and_the_api_base_url()
    {
        var options = Bind(
            ("WeCom:ApiBaseUrl", "http://localhost:1234"), ("WeCom:ProviderCorpId", "wwprovider"), ("WeCom:ProviderSecret", "provider-secret"),
            ("WeCom:Suites:0:SuiteId", "wwsuite"), ("WeCom:Suites:0:SuiteSecret", "suite-secret"), ("WeCom:Suites:0:Token", "Token1"),
            ("WeCom:Suites:0:EncodingAesKey", Key));

        Assert.Equal(new Uri("http://localhost:1234"), options.ApiBaseUrl);
        Assert.Equal(("wwprovider", "provider-secret"), (options.ProviderCorpId, options.ProviderSecret));
        var suite = Assert.Single(options.Suites);
        Assert.Equal(("wwsuite", "suite-secret", "Token1", Key), (suite.SuiteId, suite.SuiteSecret, suite.Token, suite.EncodingAesKey));
        Assert.DoesNotContain("secret", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", suite.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_settings_the_api_is_WeComs_and_there_are_no_suites()
    {
        var options = Bind();

        Assert.Equal(new Uri("https://qyapi.weixin.qq.com"), options.ApiBaseUrl);
        Assert.Empty(options.Suites);
    }

    [Fact]
    public void An_empty_api_base_url_means_WeComs()
    {
        Assert.Equal(new Uri("https://qyapi.weixin.qq.com"), Bind(("WeCom:ApiBaseUrl", "")).ApiBaseUrl);
    }

    [Fact]
    public void A_suite_entry_without_its_SuiteId_is_refused_now_that_Required_is_checked()
    {
        // Before, the token side bound this silently and a suite token fetch for the suite could never find its secret.
        var failure = Assert.Throws<OptionsValidationException>(() => Bind(
            ("WeCom:Suites:0:SuiteSecret", "suite-secret"), ("WeCom:Suites:0:Token", "Token1"), ("WeCom:Suites:0:EncodingAesKey", Key)));

        Assert.Equal(["WeCom:Suites:0:SuiteId is required."], failure.Failures);
    }

    [Fact]
    public void A_suite_without_its_callback_keys_is_refused()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Bind(("WeCom:Suites:0:SuiteId", "wwsuite")));

        Assert.Equal(["WeCom:Suites:0:Token is required.", "WeCom:Suites:0:EncodingAesKey is required."], failure.Failures);
    }

    [Theory]
    [InlineData("WeCom:Suites:0:EncodingAesKey", "short", "WeCom:Suites:0:EncodingAesKey must be 43 characters")]
    [InlineData("WeCom:Suites:0:Token", "has-symbols!", "WeCom:Suites:0:Token must be 1 to 32 ASCII letters or digits")]
    [InlineData("WeCom:ApiBaseUrl", "qyapi.weixin.qq.com", "WeCom:ApiBaseUrl must be an absolute URI")]
    public void A_malformed_setting_is_named_without_its_value(string setting, string value, string message)
    {
        var settings = new Dictionary<string, string>
        {
            ["WeCom:Suites:0:SuiteId"] = "wwsuite",
            ["WeCom:Suites:0:Token"] = "Token1",
            ["WeCom:Suites:0:EncodingAesKey"] = Key,
            [setting] = value,
        };

        var failure = Assert.Throws<OptionsValidationException>(() => Bind([.. settings.Select(s => (s.Key, s.Value))]));

        Assert.StartsWith(message, Assert.Single(failure.Failures), StringComparison.Ordinal);
        Assert.DoesNotContain(value, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_SuiteId_twice_is_refused()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Bind(
            ("WeCom:Suites:0:SuiteId", "wwsuite"), ("WeCom:Suites:0:Token", "Token1"), ("WeCom:Suites:0:EncodingAesKey", Key),
            ("WeCom:Suites:1:SuiteId", "wwsuite"), ("WeCom:Suites:1:Token", "Token2"), ("WeCom:Suites:1:EncodingAesKey", Key)));

        Assert.Equal(["WeCom:Suites lists SuiteId 'wwsuite' more than once."], failure.Failures);
    }

    [Fact]
    public void Previous_keys_may_live_30_days_from_the_hosts_clock_not_31()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        (string, string)[] Rotation(int days) =>
        [
            ("WeCom:Suites:0:SuiteId", "wwsuite"), ("WeCom:Suites:0:Token", "Token1"), ("WeCom:Suites:0:EncodingAesKey", Key),
            ("WeCom:Suites:0:PreviousToken", "Token0"), ("WeCom:Suites:0:PreviousEncodingAesKey", Key),
            ("WeCom:Suites:0:PreviousKeysValidUntil", clock.GetUtcNow().AddDays(days).ToString("O")),
        ];

        Assert.True(ValidatedOptionsTests.Resolve<WeComOptions>(WeComOptions.SectionName, clock, Rotation(30)).Suites[0].HasPreviousKeys);
        var failure = Assert.Throws<OptionsValidationException>(() => ValidatedOptionsTests.Resolve<WeComOptions>(WeComOptions.SectionName, clock, Rotation(31)));
        Assert.StartsWith("WeCom:Suites:0:PreviousKeysValidUntil is more than 30 days away", Assert.Single(failure.Failures), StringComparison.Ordinal);
    }

    private static WeComOptions Bind(params (string Key, string Value)[] settings) =>
        ValidatedOptionsTests.Resolve<WeComOptions>(WeComOptions.SectionName, settings);
}
