using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using WeComGateway.Contracts;
using WeComGateway.Receiver.Diagnostics;
using WeComGateway.Testing;

namespace WeComGateway.Receiver.Tests;

/// <summary>
/// An operator rotates a suite's Token and EncodingAESKey: WeCom signs with the new pair the moment the console saves
/// it, retries in flight still carry the old one, and the old pair is honoured only until PreviousKeysValidUntil.
/// </summary>
public sealed class KeyRotationTests
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);

    [Fact]
    public async Task Callback_signed_with_the_previous_keys_is_accepted_before_ValidUntil_and_counted()
    {
        var rotation = Rotation.Start();
        await using var app = rotation.Host();
        using var previousKey = new MetricCollector<long>(app.Services.GetRequiredService<IMeterFactory>(), ReceiverMetrics.MeterName, "wecomgw.callbacks.previous_key");

        var response = await app.PostAsync(SignedCallback.Post(rotation.Previous, "command", EventXml.ContactAdded(rotation.Current, "woRetried"), timestamp: rotation.Clock.GetUtcNow()));

        Assert.Equal("success", await response.Content.ReadAsStringAsync());
        Assert.Equal("woRetried", Assert.Single(app.Services.GetTestHarness().Published.Select<ExternalContactAdded>()).Context.Message.ExternalUserId);
        Assert.Equal(rotation.Current.SuiteId, Assert.Single(previousKey.GetMeasurementSnapshot()).Tags["suite"]);
        Assert.Contains("signed with its previous keys", app.LogText(), StringComparison.Ordinal);
        rotation.AssertNoSecretIn(app.LogText());
    }

    [Fact]
    public async Task Callback_signed_with_the_previous_keys_after_ValidUntil_is_refused_publishes_nothing_and_warns_once()
    {
        var rotation = Rotation.Start();
        await using var app = rotation.Host();
        rotation.Clock.Advance(Window + TimeSpan.FromMinutes(1));

        for (var delivery = 0; delivery < 2; delivery++)
        {
            var response = await app.PostAsync(SignedCallback.Post(rotation.Previous, "command", EventXml.ContactAdded(rotation.Current), timestamp: rotation.Clock.GetUtcNow()));

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("\"title\":\"bad_signature\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.False(app.Services.GetTestHarness().Published.Select<ExternalContactAdded>().Any());
        var log = app.LogText();
        Assert.Single(log.Split('\n'), line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("WeCom:Suites:0:PreviousToken", StringComparison.Ordinal));
        Assert.DoesNotContain("signed with its previous keys", log, StringComparison.Ordinal);
        rotation.AssertNoSecretIn(log);
    }

    [Fact]
    public async Task Callback_with_the_current_keys_is_accepted_throughout_the_rotation_and_after_it()
    {
        var rotation = Rotation.Start();
        await using var app = rotation.Host();
        using var previousKey = new MetricCollector<long>(app.Services.GetRequiredService<IMeterFactory>(), ReceiverMetrics.MeterName, "wecomgw.callbacks.previous_key");

        var during = await app.PostAsync(SignedCallback.Post(rotation.Current, "command", EventXml.ContactAdded(rotation.Current, "woDuring"), timestamp: rotation.Clock.GetUtcNow()));
        rotation.Clock.Advance(Window + TimeSpan.FromMinutes(1));
        var after = await app.PostAsync(SignedCallback.Post(rotation.Current, "data", EventXml.ContactAdded(rotation.Current, "woAfter"), timestamp: rotation.Clock.GetUtcNow()));

        Assert.Equal("success", await during.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(2, app.Services.GetTestHarness().Published.Select<ExternalContactAdded>().Count());
        Assert.Empty(previousKey.GetMeasurementSnapshot());
    }

    [Theory]
    [InlineData("command")]
    [InlineData("data")]
    public async Task URL_verification_signed_with_the_previous_keys_is_answered_before_ValidUntil(string url)
    {
        var rotation = Rotation.Start();
        await using var app = rotation.Host();
        var (path, echo) = SignedCallback.Handshake(rotation.Previous, url);

        var (currentPath, currentEcho) = SignedCallback.Handshake(rotation.Current, url);
        var client = app.CreateClient();

        Assert.Equal(echo, await client.GetStringAsync(path));
        Assert.Equal(currentEcho, await client.GetStringAsync(currentPath));
    }

    [Fact]
    public async Task URL_verification_signed_with_the_previous_keys_after_ValidUntil_is_refused()
    {
        var rotation = Rotation.Start();
        await using var app = rotation.Host();
        rotation.Clock.Advance(Window + TimeSpan.FromMinutes(1));

        var response = await app.CreateClient().GetAsync(SignedCallback.Handshake(rotation.Previous, "command").PathAndQuery);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("\"title\":\"bad_signature\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadRotationSettings() => new()
    {
        { "previous key of 42 characters", "WeCom:Suites:0:PreviousEncodingAesKey must be 43 characters" },
        { "previous token with symbols", "WeCom:Suites:0:PreviousToken must be 1 to 32 ASCII letters or digits" },
        { "only the previous token", "WeCom:Suites:0:PreviousToken and WeCom:Suites:0:PreviousEncodingAesKey are set together" },
        { "only the previous key", "WeCom:Suites:0:PreviousToken and WeCom:Suites:0:PreviousEncodingAesKey are set together" },
        { "previous keys without ValidUntil", "WeCom:Suites:0:PreviousKeysValidUntil is required" },
        { "ValidUntil 31 days away", "WeCom:Suites:0:PreviousKeysValidUntil is more than 30 days away" },
        { "ValidUntil without previous keys", "WeCom:Suites:0:PreviousKeysValidUntil is set without" },
    };

    [Theory]
    [MemberData(nameof(BadRotationSettings))]
    public async Task Bad_rotation_settings_fail_start_up_naming_the_setting_not_its_value(string input, string message)
    {
        var rotation = Rotation.Start();
        var validUntil = rotation.Clock.GetUtcNow() + Window;
        var settings = input switch
        {
            "previous key of 42 characters" => rotation.PreviousSettings(key: rotation.Previous.EncodingAesKey[..42]),
            "previous token with symbols" => rotation.PreviousSettings(token: "old-token!"),
            "only the previous token" => rotation.PreviousSettings(key: null),
            "only the previous key" => rotation.PreviousSettings(token: null),
            "previous keys without ValidUntil" => rotation.PreviousSettings(validUntil: null),
            "ValidUntil 31 days away" => rotation.PreviousSettings(validUntil: rotation.Clock.GetUtcNow().AddDays(31)),
            "ValidUntil without previous keys" => rotation.PreviousSettings(token: null, key: null, validUntil: validUntil),
            _ => throw new ArgumentOutOfRangeException(nameof(input), input, null),
        };
        await using var app = rotation.Host(settings);

        var failure = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(rotation.Previous.Token, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(rotation.Previous.EncodingAesKey[..42], failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("old-token!", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidUntil_30_days_away_is_accepted()
    {
        var rotation = Rotation.Start();
        await using var app = rotation.Host(rotation.PreviousSettings(validUntil: rotation.Clock.GetUtcNow().AddDays(30)));

        var response = await app.PostAsync(SignedCallback.Post(rotation.Previous, "command", EventXml.ContactAdded(rotation.Current), timestamp: rotation.Clock.GetUtcNow()));

        Assert.Equal("success", await response.Content.ReadAsStringAsync());
    }

    /// <summary>A suite whose current pair replaced <see cref="Previous"/>, which stays valid for <see cref="Window"/>.</summary>
    internal sealed record Rotation(TestSuite Current, TestSuite Previous, SettableClock Clock)
    {
        public static Rotation Start()
        {
            var current = TestSuite.Fresh();
            var old = TestSuite.Fresh();
            return new(current, current with { Token = old.Token, EncodingAesKey = old.EncodingAesKey }, new SettableClock());
        }

        /// <summary>The Previous* settings; "" means the previous pair's own value, null leaves the setting out.</summary>
        public IEnumerable<KeyValuePair<string, string?>> PreviousSettings(string? token = "", string? key = "", DateTimeOffset? validUntil = null)
        {
            yield return new("WeCom:Suites:0:PreviousToken", token == "" ? Previous.Token : token);
            yield return new("WeCom:Suites:0:PreviousEncodingAesKey", key == "" ? Previous.EncodingAesKey : key);
            yield return new("WeCom:Suites:0:PreviousKeysValidUntil", validUntil?.ToString("O", CultureInfo.InvariantCulture));
        }

        internal GatewayApplication Host(IEnumerable<KeyValuePair<string, string?>>? rotationSettings = null) => new(
            Current.Configuration()
                .Append(new("Receiver:RelayInterval", "00:10:00"))
                .Concat(rotationSettings ?? PreviousSettings(validUntil: Clock.GetUtcNow() + Window)),
            services =>
            {
                services.AddMassTransitTestHarness();
                services.AddSingleton<TimeProvider>(Clock);
            });

        public void AssertNoSecretIn(string log)
        {
            Assert.DoesNotContain(Current.Token, log, StringComparison.Ordinal);
            Assert.DoesNotContain(Current.EncodingAesKey, log, StringComparison.Ordinal);
            Assert.DoesNotContain(Previous.Token, log, StringComparison.Ordinal);
            Assert.DoesNotContain(Previous.EncodingAesKey, log, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Wall-clock time shifted by what the test advanced: the receiver reads "now" from it, while its timers (publish
    /// budgets, the relay) keep running on real time, which a frozen FakeTimeProvider would stop.
    /// </summary>
    internal sealed class SettableClock : TimeProvider
    {
        private long _offsetTicks;

        public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
    }
}

/// <summary>The Prometheus name operators watch in step 3 of the rotation (docs/receiver.md); runs alone, as scrapes must.</summary>
[Collection(MetricsScrape.Name)]
public sealed class KeyRotationScrape
{
    [Fact]
    public async Task Callbacks_with_the_previous_keys_are_scraped_as_wecomgw_callbacks_previous_key_total()
    {
        var rotation = KeyRotationTests.Rotation.Start();
        await using var app = rotation.Host();
        await app.PostAsync(SignedCallback.Post(rotation.Previous, "command", EventXml.ContactAdded(rotation.Current), timestamp: rotation.Clock.GetUtcNow()));

        var samples = PrometheusText.Parse(await app.CreateClient().GetStringAsync(new Uri("/metrics", UriKind.Relative)));

        var counted = Assert.Single(samples, s => s.Name == "wecomgw_callbacks_previous_key_total" && s.Labels["suite"] == rotation.Current.SuiteId);
        Assert.Equal(1d, counted.Value);
    }
}
