namespace WeComGateway.Operations.DeadLetters;

/// <summary>
/// Which dead-lettered messages a replay moves back. Criteria combine (all must match); <see cref="All"/> takes every
/// message and excludes the others, so "replay everything" is always said out loud, never the result of a forgotten option.
/// </summary>
public sealed record ReplayFilter
{
    /// <summary>One message, by id (GUIDs in any format).</summary>
    public string? MessageId { get; init; }

    /// <summary>Messages about one enterprise.</summary>
    public string? CorpId { get; init; }

    /// <summary>Messages of one type: <c>CustomerPurchaseRecorded</c>, <c>WeComGateway.Contracts:CustomerPurchaseRecorded</c> or the URN.</summary>
    public string? MessageType { get; init; }

    /// <summary>Messages whose reason (kind, exception type and message, errcode, classification) contains this text, any case.</summary>
    public string? ReasonContains { get; init; }

    /// <summary>Every message in the queue.</summary>
    public bool All { get; init; }

    public static ReplayFilter Everything { get; } = new() { All = true };

    private bool HasCriteria =>
        !string.IsNullOrWhiteSpace(MessageId) || !string.IsNullOrWhiteSpace(CorpId)
        || !string.IsNullOrWhiteSpace(MessageType) || !string.IsNullOrWhiteSpace(ReasonContains);

    /// <summary>Refuses a filter that names nothing, or <see cref="All"/> together with criteria.</summary>
    public void Validate()
    {
        if (All && HasCriteria)
        {
            throw new ArgumentException("'all' replays every message: it cannot be combined with an id, corp, type or reason.");
        }

        if (!All && !HasCriteria)
        {
            throw new ArgumentException("Say which messages to replay (an id, corp, type or reason), or 'all' for every message.");
        }
    }

    public bool Matches(DeadLetterMessage message)
    {
        if (All)
        {
            return true;
        }

        return (string.IsNullOrWhiteSpace(MessageId) || message.HasId(MessageId))
            && (string.IsNullOrWhiteSpace(CorpId) || string.Equals(message.CorpId, CorpId.Trim(), StringComparison.Ordinal))
            && (string.IsNullOrWhiteSpace(MessageType) || message.IsOfType(MessageType))
            && (string.IsNullOrWhiteSpace(ReasonContains) || message.Reason.Contains(ReasonContains.Trim()));
    }

    /// <summary>For audit lines: <c>corp=wwcorp1 type=CustomerPurchaseRecorded</c>, or <c>all</c>.</summary>
    public override string ToString()
    {
        if (All)
        {
            return "all";
        }

        var parts = new List<string>(4);
        Add(parts, "id", MessageId);
        Add(parts, "corp", CorpId);
        Add(parts, "type", MessageType);
        Add(parts, "reason", ReasonContains);
        return string.Join(' ', parts);
    }

    private static void Add(List<string> parts, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            parts.Add($"{name}={value.Trim()}");
        }
    }
}
