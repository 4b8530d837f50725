using WeComGateway.Contracts;

namespace WeComGateway.Storage.Secrets;

/// <summary>
/// A protected value could not be decrypted: wrong <c>Gateway:SecretsKey</c>, a value copied from another corp or
/// purpose, or damaged data. Retrying cannot help. The message names the binding, never the value.
/// </summary>
public sealed class SecretUnprotectException(SecretBinding binding, string reason, Exception? inner = null)
    : Exception($"Cannot decrypt the {binding}: {reason}. Was {SecretsOptions.KeySetting} changed, or the value copied from another corp?", inner),
      IPermanentFailure
{
    public SecretBinding Binding { get; } = binding;
}
