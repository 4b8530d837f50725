using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WeComGateway.Receiver.Publishing;
using WeComGateway.Storage.Claims;
using WeComGateway.Storage.Outbox;
using WeComGateway.Testing;

namespace WeComGateway.Receiver.Tests;

/// <summary>Builders for the receiver under test: embedded stores, and either MassTransit's test harness or a controllable broker.</summary>
internal static class ReceiverHost
{
    public static GatewayApplication WithHarness(TestSuite suite, params (string Key, string? Value)[] settings) =>
        new(Settings(suite, settings), services => services.AddMassTransitTestHarness());

    public static GatewayApplication WithBroker(
        TestSuite suite, ControllableBroker broker, UnreachableStore? redis = null, params (string Key, string? Value)[] settings) =>
        new(Settings(suite, settings), services =>
        {
            services.RemoveAll<IEventPublisher>();
            services.AddSingleton<IEventPublisher>(broker);
            if (redis is not null)
            {
                services.RemoveAll<IClaimStore>();
                services.RemoveAll<ICallbackOutbox>();
                services.AddSingleton<IClaimStore>(redis);
                services.AddSingleton<ICallbackOutbox>(redis);
            }
        });

    private static IEnumerable<KeyValuePair<string, string?>> Settings(TestSuite suite, (string Key, string? Value)[] settings) =>
        suite.Configuration()
            .Append(new("Receiver:RelayInterval", "00:10:00")) // tests drive the relay themselves
            .Concat(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
}
