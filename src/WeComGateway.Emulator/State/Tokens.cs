using WeComGateway.Emulator.Api;

namespace WeComGateway.Emulator.State;

/// <summary>
/// An issued token; <see cref="Owner"/> is the provider corp, suite id or authorized corp id. A corp token remembers
/// the suite whose suite token asked for it (<see cref="SuiteId"/>), so the call log can say which suite called.
/// </summary>
internal sealed record IssuedToken(TokenKind Kind, string Owner, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, string? SuiteId = null);

/// <summary>Every token ever issued (so an old one answers "expired", not "invalid"), and the current one per owner.</summary>
internal sealed class TokenBook
{
    private readonly Dictionary<string, IssuedToken> _byValue = new(StringComparer.Ordinal);
    private readonly Dictionary<(TokenKind, string), string> _current = [];

    /// <summary>The owner's valid token, or a new one: repeat calls within validity get the same token, as WeCom does.</summary>
    public (string Value, IssuedToken Token) Issue(TokenKind kind, string owner, DateTimeOffset now, TimeSpan lifetime, string? suiteId = null)
    {
        if (_current.TryGetValue((kind, owner), out var value) && _byValue[value].ExpiresAt > now)
        {
            return (value, _byValue[value]);
        }

        value = Json.NewId(string.Empty, 64);
        var token = new IssuedToken(kind, owner, now, now + lifetime, suiteId);
        _byValue[value] = token;
        _current[(kind, owner)] = value;
        return (value, token);
    }

    public IssuedToken? Find(string value) => _byValue.GetValueOrDefault(value);

    /// <summary>The owner's current token expires now: the next call with it answers "expired" and a fetch gets a new one.</summary>
    public bool Expire(TokenKind kind, string owner, DateTimeOffset now)
    {
        if (!_current.TryGetValue((kind, owner), out var value) || _byValue[value].ExpiresAt <= now)
        {
            return false;
        }

        _byValue[value] = _byValue[value] with { ExpiresAt = now };
        return true;
    }

    /// <summary>The current token of each owner of a kind, for the page (never the value).</summary>
    public IEnumerable<IssuedToken> Current(TokenKind kind) =>
        _current.Where(c => c.Key.Item1 == kind).Select(c => _byValue[c.Value]);

    public void Clear()
    {
        _byValue.Clear();
        _current.Clear();
    }
}
