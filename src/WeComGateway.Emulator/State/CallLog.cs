using System.Text.Json.Nodes;

namespace WeComGateway.Emulator.State;

/// <summary>The last N calls, newest last; secret fields of bodies are masked and token and secret parameters are never kept.</summary>
internal sealed class CallLog(int capacity)
{
    private static readonly HashSet<string> SecretFields = new(StringComparer.Ordinal)
    {
        "provider_secret", "suite_secret", "suite_ticket", "permanent_code", "auth_code", "access_token", "secret",
    };

    private static readonly HashSet<string> TokenParameters = new(StringComparer.Ordinal)
    {
        "access_token", "suite_access_token", "provider_access_token", "corpsecret",
    };

    private readonly Queue<CallRecord> _calls = new();

    public int Capacity { get; set; } = capacity;

    public IReadOnlyCollection<CallRecord> All => _calls;

    public void Add(DateTimeOffset at, string method, string path, Api.ApiCall call, int errcode, int status)
    {
        var query = call.Query
            .Where(q => !TokenParameters.Contains(q.Key))
            .ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        _calls.Enqueue(new CallRecord(at, method, path, call.CorpId, call.SuiteId, query, Mask(call.Body).ToJsonString(), errcode, status));
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
