using MassTransit;
using Microsoft.Extensions.Options;
using WeComGateway.Testing;

namespace WeComGateway.Receiver.Tests;

/// <summary>A receiver that could not serve a callback refuses to start, naming the setting (never its value).</summary>
public sealed class StartupValidationTests
{
    [Fact]
    public async Task Without_a_suite_the_receiver_does_not_start()
    {
        await using var app = new GatewayApplication([], services => services.AddMassTransitTestHarness());

        var failure = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("WeCom:Suites is empty", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_suite_without_its_Token_is_refused_by_its_Required_attribute()
    {
        var suite = TestSuite.Fresh();
        await using var app = new GatewayApplication(
            suite.Configuration().Where(s => !s.Key.EndsWith(":Token", StringComparison.Ordinal)),
            services => services.AddMassTransitTestHarness());

        var failure = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Equal(["WeCom:Suites:0:Token is required."], failure.Failures);
    }

    [Fact]
    public async Task A_publish_budget_of_zero_is_refused()
    {
        await using var app = ReceiverHost.WithHarness(TestSuite.Fresh(), ("Receiver:PublishConfirmBudget", "00:00:00"));

        var failure = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Equal(["Receiver:PublishConfirmBudget must be positive."], failure.Failures);
    }
}
