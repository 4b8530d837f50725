using WeComGateway.Emulator.Api;

namespace WeComGateway.Emulator.State;

/// <summary>
/// An issued token; <see cref="Owner"/> is the provider corp, suite id or authorized corp id. A corp token remembers
/// the suite whose suite token asked for it (<see cref="SuiteId"/>), so the call log can say which suite called.
/// </summary>
internal sealed record IssuedToken(TokenKind Kind, string Owner, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, string? SuiteId = null);

/// <summary>
/// Every token ever issued (so an old one answers "expired", not "invalid"), and the current one per owner — per
/// (corp, suite) for corp tokens: each app of a corp has its own access token, as in WeCom.
/// </summary>
internal sealed class TokenBook
{
    private readonly Dictionary<string, IssuedToken> _byValue = new(StringComparer.Ordinal);
    private readonly Dictionary<(TokenKind Kind, string Owner, string Suite), string> _current = [];

    /// <summary>The owner's valid token, or a new one: repeat calls within validity get the same token, as WeCom does.</summary>
    public (string Value, IssuedToken Token) Issue(TokenKind kind, string owner, DateTimeOffset now, TimeSpan lifetime, string? suiteId = null)
    {
        var key = (kind, owner, suiteId ?? string.Empty);
        if (_current.TryGetValue(key, out var value) && _byValue[value].ExpiresAt > now)
        {
            return (value, _byValue[value]);
        }

        value = Json.NewId(string.Empty, 64);
        var token = new IssuedToken(kind, owner, now, now + lifetime, suiteId);
        _byValue[value] = token;
        _current[key] = value;
        return (value, token);
    }

    /// <summary>A valid token of the owner whichever suite fetched it (the newest), else a new one without a suite.</summary>
    public (string Value, IssuedToken Token) Current(TokenKind kind, string owner, DateTimeOffset now, TimeSpan lifetime) =>
        _current.Where(c => c.Key.Kind == kind && c.Key.Owner == owner && _byValue[c.Value].ExpiresAt > now)
            .Select(c => (c.Value, _byValue[c.Value]))
            .OrderByDescending(t => t.Item2.IssuedAt)
            .FirstOrDefault() is { Value: not null } found
            ? found
            : Issue(kind, owner, now, lifetime);

    public IssuedToken? Find(string value) => _byValue.GetValueOrDefault(value);

    /// <summary>The owner's current tokens (of every suite) expire now: the next call with one answers "expired" and a fetch gets a new one.</summary>
    public bool Expire(TokenKind kind, string owner, DateTimeOffset now)
    {
        var live = _current.Where(c => c.Key.Kind == kind && c.Key.Owner == owner && _byValue[c.Value].ExpiresAt > now).Select(c => c.Value).ToList();
        foreach (var value in live)
        {
            _byValue[value] = _byValue[value] with { ExpiresAt = now };
        }

        return live.Count > 0;
    }

    /// <summary>The current token of each owner of a kind, for the page (never the value).</summary>
    public IEnumerable<IssuedToken> Current(TokenKind kind) =>
        _current.Where(c => c.Key.Kind == kind).Select(c => _byValue[c.Value]);

    public void Clear()
    {
        _byValue.Clear();
        _current.Clear();
    }
}
