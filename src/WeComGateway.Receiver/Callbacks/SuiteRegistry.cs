using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using WeComGateway.Configuration;

namespace WeComGateway.Receiver.Callbacks;

/// <summary>The <see cref="SuiteKeys"/> (current and, during a rotation, previous crypto) of each configured suite, built once at start-up.</summary>
public sealed class SuiteRegistry : IDisposable
{
    private readonly FrozenDictionary<string, SuiteKeys> _suites;

    public SuiteRegistry(IOptions<WeComOptions> options)
    {
        ProviderCorpId = options.Value.ProviderCorpId;
        _suites = options.Value.Suites
            .Select((suite, index) => (suite.SuiteId, Keys: new SuiteKeys(suite, index)))
            .ToFrozenDictionary(s => s.SuiteId, s => s.Keys, StringComparer.Ordinal);
    }

    public string? ProviderCorpId { get; }

    public SuiteKeys? Find(string suiteId) => _suites.GetValueOrDefault(suiteId);

    public void Dispose()
    {
        foreach (var keys in _suites.Values)
        {
            keys.Dispose();
        }
    }
}
