using System.Diagnostics.Metrics;

namespace WeComGateway.Workers.Diagnostics;

/// <summary>Welcomes sent while Redis was unreachable (docs/observability.md, docs/reliability.md "Redis down: welcomes").</summary>
internal sealed partial class WorkerMetrics
{
    private Counter<long> _welcomeUnclaimed = null!;
    private Counter<long> _welcomeInputsUnavailable = null!;

    /// <summary>A welcome tried without the welcome code's claim: the claim store was unreachable.</summary>
    public void WelcomeUnclaimed() => _welcomeUnclaimed.Add(1);

    /// <param name="input"><c>customer_facts</c> (chosen for a new customer) or <c>channels</c> (chosen without the corp's channels).</param>
    public void WelcomeInputUnavailable(string input) => _welcomeInputsUnavailable.Add(1, new KeyValuePair<string, object?>("input", input));

    private void CreateStoreOutageInstruments(Meter meter)
    {
        _welcomeUnclaimed = meter.CreateCounter<long>(
            "wecomgw.welcome.unclaimed", description: "Welcomes tried without the welcome code's claim because the claim store (Redis) was unreachable; WeCom's 41051 keeps them to one per code.");
        _welcomeInputsUnavailable = meter.CreateCounter<long>(
            "wecomgw.welcome.inputs_unavailable", description: "Welcomes chosen without an input the store (Redis) could not give, by input (customer_facts, channels).");
    }
}
