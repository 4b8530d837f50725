using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WeComGateway.WeComApi.Errors;
using WeComGateway.WeComApi.Http;
using WeComGateway.WeComApi.Service;
using WeComGateway.WeComApi.Tokens;

namespace WeComGateway.WeComApi.Tests;

/// <summary>What <c>AddWeComApi</c> registers and how its options bind.</summary>
public class RegistrationTests
{
    [Fact]
    public void AddWeComApi_leaves_the_token_provider_to_the_token_infrastructure()
    {
        var services = new ServiceCollection().AddWeComApi(new ConfigurationBuilder().Build());

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IAccessTokenProvider));
    }

    [Fact]
    public void Defaults_fit_the_twenty_second_welcome_window()
    {
        var options = Options(new Dictionary<string, string?>());

        Assert.Equal(new Uri("https://qyapi.weixin.qq.com"), BaseAddress(new Dictionary<string, string?>()));
        Assert.Equal(TimeSpan.FromSeconds(3), options.AttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(8), options.TotalTimeout);
        Assert.Equal(3, options.MaxRetryAttempts);
        Assert.True(options.RateLimitPermitsPerSecond * 60 < 10_000);
    }

    [Fact]
    public void Options_bind_from_WeCom_Api_and_the_base_url_from_WeCom_ApiBaseUrl()
    {
        var settings = new Dictionary<string, string?>
        {
            ["WeCom:ApiBaseUrl"] = "http://localhost:1234",
            ["WeCom:Api:AttemptTimeout"] = "00:00:02",
            ["WeCom:Api:TotalTimeout"] = "00:00:06",
            ["WeCom:Api:RateLimitPermitsPerSecond"] = "20",
        };
        var options = Options(settings);

        Assert.Equal(new Uri("http://localhost:1234"), BaseAddress(settings));
        Assert.Equal(TimeSpan.FromSeconds(2), options.AttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(6), options.TotalTimeout);
        Assert.Equal(20, options.RateLimitPermitsPerSecond);
    }

    [Fact]
    public void Attempt_timeout_longer_than_the_total_is_rejected_with_the_key_named()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new Dictionary<string, string?>
        {
            ["WeCom:Api:AttemptTimeout"] = "00:00:10",
            ["WeCom:Api:TotalTimeout"] = "00:00:05",
        }));

        Assert.Contains("WeCom:Api:AttemptTimeout", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, WeComErrorKind.Transient)]
    [InlineData(40014, WeComErrorKind.TokenInvalid)]
    [InlineData(42001, WeComErrorKind.TokenInvalid)]
    [InlineData(42009, WeComErrorKind.TokenInvalid)]
    [InlineData(40082, WeComErrorKind.TokenInvalid)]
    [InlineData(41001, WeComErrorKind.Configuration)]
    [InlineData(45009, WeComErrorKind.RateLimited)]
    [InlineData(45033, WeComErrorKind.RateLimited)]
    [InlineData(40084, WeComErrorKind.AuthorizationRevoked)]
    [InlineData(48004, WeComErrorKind.AuthorizationRevoked)]
    [InlineData(40001, WeComErrorKind.Configuration)]
    [InlineData(40013, WeComErrorKind.Configuration)]
    [InlineData(40083, WeComErrorKind.Configuration)]
    [InlineData(48002, WeComErrorKind.Configuration)]
    [InlineData(48003, WeComErrorKind.Configuration)]
    [InlineData(60020, WeComErrorKind.Configuration)]
    [InlineData(301002, WeComErrorKind.Configuration)]
    [InlineData(40085, WeComErrorKind.Configuration)]
    [InlineData(41050, WeComErrorKind.Permanent)]
    [InlineData(41051, WeComErrorKind.Permanent)]
    [InlineData(45035, WeComErrorKind.Permanent)]
    public void Errcode_is_classified(int errCode, WeComErrorKind kind) => Assert.Equal(kind, WeComErrorCodes.Classify(errCode));

    [Theory]
    [InlineData("""{"errcode":45009,"errmsg":"api freq out of limit"}""", 45009, "api freq out of limit")]
    [InlineData("""{"data":{"errcode":1,"errmsg":"nested"},"errcode":0,"errmsg":"ok"}""", 0, "ok")]
    [InlineData("""{"access_token":"abc","expires_in":7200}""", 0, null)]
    public void Errcode_is_peeked_from_the_top_level_only(string json, int errCode, string? errMsg)
    {
        Assert.True(WeComErrorHandler.TryPeekError(System.Text.Encoding.UTF8.GetBytes(json), out var code, out var message));
        Assert.Equal(errCode, code);
        Assert.Equal(errMsg, message);
    }

    [Theory]
    [InlineData("<html>oops</html>")]
    [InlineData("[1,2]")]
    [InlineData("")]
    public void Body_that_is_not_a_json_object_is_left_to_Refit(string body) =>
        Assert.False(WeComErrorHandler.TryPeekError(System.Text.Encoding.UTF8.GetBytes(body), out _, out _));

    private static WeComApiOptions Options(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        using var provider = new ServiceCollection().AddWeComApi(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<WeComApiOptions>>().Value;
    }

    /// <summary>The base address the Refit clients get.</summary>
    private static Uri? BaseAddress(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        using var provider = new ServiceCollection().AddWeComApi(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IHttpClientFactory>().CreateClient(Refit.UniqueName.ForType<IWeComServiceApi>()).BaseAddress;
    }
}
