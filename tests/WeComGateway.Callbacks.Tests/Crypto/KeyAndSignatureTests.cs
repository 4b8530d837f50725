using static WeComGateway.Callbacks.Tests.ProtocolVectors;

namespace WeComGateway.Callbacks.Tests;

public sealed class KeyAndSignatureTests : IDisposable
{
    private readonly CallbackCrypto _crypto = new(OfficialToken, OfficialKey);

    public void Dispose() => _crypto.Dispose();

    [Theory]
    [InlineData(OfficialKey)]
    [InlineData(V3.Key)]
    [InlineData(V6.Key)]
    public void Published_keys_are_valid_even_with_non_canonical_last_characters(string key)
    {
        Assert.True(CallbackCrypto.IsValidEncodingAesKey(key));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2")]
    [InlineData("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2CC")]
    [InlineData("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2+")]
    [InlineData("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2=")]
    [InlineData("jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B ")]
    public void Keys_that_are_not_43_alphanumerics_are_invalid(string? key)
    {
        Assert.False(CallbackCrypto.IsValidEncodingAesKey(key));
    }

    [Fact]
    public void A_bad_key_is_refused_naming_the_parameter_but_never_the_value()
    {
        const string badKey = "this-is-not-a-valid-encoding-aes-key-at-all!";

        var error = Assert.Throws<ArgumentException>(() => new CallbackCrypto(OfficialToken, badKey));

        Assert.Equal("encodingAesKey", error.ParamName);
        Assert.DoesNotContain(badKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_token_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new CallbackCrypto("", OfficialKey));
        Assert.Equal("token", error.ParamName);
    }

    [Fact]
    public void Signatures_are_accepted_in_upper_case_hex()
    {
        Assert.True(_crypto.VerifySignature(V1.Signature.ToUpperInvariant(), V1.Timestamp, V1.Nonce, V1.Encrypt));
    }

    [Fact]
    public void A_signature_with_one_digit_changed_is_refused()
    {
        var tampered = "577715d11cdb4164915debcba66cb864d751f3e6";

        Assert.False(_crypto.VerifySignature(tampered, V1.Timestamp, V1.Nonce, V1.Encrypt));
    }

    [Fact]
    public void A_tampered_ciphertext_timestamp_or_nonce_fails_the_signature()
    {
        Assert.False(_crypto.VerifySignature(V1.Signature, V1.Timestamp, V1.Nonce, "X" + V1.Encrypt[1..]));
        Assert.False(_crypto.VerifySignature(V1.Signature, "1409659814", V1.Nonce, V1.Encrypt));
        Assert.False(_crypto.VerifySignature(V1.Signature, V1.Timestamp, "1372623148", V1.Encrypt));
    }

    [Theory]
    [InlineData("")]
    [InlineData("477715d11cdb4164915debcba66cb864d751f3e")]
    [InlineData("477715d11cdb4164915debcba66cb864d751f3e6a")]
    [InlineData("477715d11cdb4164915debcba66cb864d751f3eg")]
    [InlineData("477715d11cdb4164915debcba66cb864d751f3e ")]
    [InlineData("not a signature at all, not a signature")]
    public void A_signature_that_is_not_40_hex_digits_is_simply_false(string signature)
    {
        Assert.False(_crypto.VerifySignature(signature, V1.Timestamp, V1.Nonce, V1.Encrypt));
    }

    [Fact]
    public void A_missing_signature_is_simply_false()
    {
        Assert.False(_crypto.VerifySignature(null!, V1.Timestamp, V1.Nonce, V1.Encrypt));
    }

    [Fact]
    public void A_token_that_sorts_between_the_other_parts_still_signs_in_ordinal_order()
    {
        // "1409659813" < "1409659813a" < "QDG6eK" < "RypEv…" ordinally; any other order gives another hash.
        var reordered = _crypto.ComputeSignature("1409659813a", "1409659813", V1.Encrypt);
        var swapped = _crypto.ComputeSignature("1409659813", "1409659813a", V1.Encrypt);

        Assert.Equal(reordered, swapped);
    }
}
