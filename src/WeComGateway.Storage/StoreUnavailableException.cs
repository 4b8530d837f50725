namespace WeComGateway.Storage;

/// <summary>The store could not be reached in time. Callers decide whether that is fatal; the message holds no data.</summary>
public sealed class StoreUnavailableException(string operation, Exception inner)
    : Exception($"Store unavailable during {operation}: {inner.GetType().Name}", inner)
{
    public string Operation { get; } = operation;
}
