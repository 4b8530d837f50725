using WeComGateway.Contracts;

namespace WeComGateway.Callbacks.Tests;

/// <summary>Nothing on the bus may carry a credential. AuthCode is the deliberate, single-use exception.</summary>
public sealed class ContractSecretsTests
{
    private static readonly string[] Forbidden = ["Token", "Secret", "PermanentCode", "Ticket", "AesKey"];

    [Fact]
    public void No_contract_has_a_property_named_like_a_credential()
    {
        var offending = typeof(WeComCallbackEvent).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetProperties().Select(p => $"{t.Name}.{p.Name}"))
            .Where(name => Forbidden.Any(word => name[(name.IndexOf('.', StringComparison.Ordinal) + 1)..]
                .Contains(word, StringComparison.OrdinalIgnoreCase)));

        Assert.Empty(offending);
    }
}
