using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using WeComGateway.Callbacks;
using WeComGateway.Receiver.Configuration;

namespace WeComGateway.Receiver.Callbacks;

/// <summary>One <see cref="CallbackCrypto"/> per configured suite, built once at start-up.</summary>
public sealed class SuiteRegistry : IDisposable
{
    private readonly FrozenDictionary<string, CallbackCrypto> _suites;

    public SuiteRegistry(IOptions<WeComOptions> options)
    {
        ProviderCorpId = options.Value.ProviderCorpId;
        _suites = options.Value.Suites.ToFrozenDictionary(
            s => s.SuiteId,
            s => new CallbackCrypto(s.Token, s.EncodingAesKey),
            StringComparer.Ordinal);
    }

    public string? ProviderCorpId { get; }

    public IEnumerable<string> SuiteIds => _suites.Keys;

    public CallbackCrypto? Find(string suiteId) => _suites.GetValueOrDefault(suiteId);

    public void Dispose()
    {
        foreach (var crypto in _suites.Values)
        {
            crypto.Dispose();
        }
    }
}
