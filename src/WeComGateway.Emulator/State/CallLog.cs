using System.Text.Json.Nodes;

namespace WeComGateway.Emulator.State;

/// <summary>One request as recorded; secret fields of the body are masked.</summary>
internal sealed record CallRecord(DateTimeOffset At, string Method, string Path, string? CorpId, string Body, int Errcode);

/// <summary>The last N calls, newest last.</summary>
internal sealed class CallLog(int capacity)
{
    private static readonly HashSet<string> SecretFields = new(StringComparer.Ordinal)
    {
        "provider_secret", "suite_secret", "suite_ticket", "permanent_code", "auth_code", "access_token", "secret",
    };

    private readonly Queue<CallRecord> _calls = new();

    public int Capacity { get; set; } = capacity;

    public IReadOnlyCollection<CallRecord> All => _calls;

    public void Add(DateTimeOffset at, string method, string path, string? corpId, JsonObject body, int errcode)
    {
        _calls.Enqueue(new CallRecord(at, method, path, corpId, Mask(body).ToJsonString(), errcode));
        while (_calls.Count > Capacity)
        {
            _calls.Dequeue();
        }
    }

    public void Clear() => _calls.Clear();

    private static JsonObject Mask(JsonObject body)
    {
        var copy = body.DeepClone().AsObject();
        foreach (var name in copy.Select(p => p.Key).Where(SecretFields.Contains).ToList())
        {
            copy[name] = "***";
        }

        return copy;
    }
}
