namespace WeComGateway.Callbacks;

/// <summary>
/// <see cref="CallbackEnvelope"/> with the Encrypt value left as bytes of the body (Base64, ASCII), for
/// <see cref="CallbackCrypto.VerifySignature(string, string, string, ReadOnlySpan{byte})"/> and
/// <see cref="CallbackCrypto.DecryptUtf8"/>: the receiver never makes a string of the ciphertext. Valid while the body is.
/// </summary>
public readonly ref struct Utf8CallbackEnvelope
{
    public Utf8CallbackEnvelope(string? toUserName, string? agentId, ReadOnlySpan<byte> encrypt)
    {
        ToUserName = toUserName;
        AgentId = agentId;
        Encrypt = encrypt;
    }

    public string? ToUserName { get; }

    public string? AgentId { get; }

    /// <summary>The trimmed Encrypt value as UTF-8; never empty.</summary>
    public ReadOnlySpan<byte> Encrypt { get; }
}
