using StackExchange.Redis;

namespace WeComGateway.Storage.Redis;

/// <summary>Turns the client's connection and timeout failures into <see cref="StoreUnavailableException"/>.</summary>
internal static class RedisCalls
{
    public static async Task<T> RunAsync<T>(string operation, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            throw new StoreUnavailableException(operation, ex);
        }
    }

    public static Task RunAsync(string operation, Func<Task> call) =>
        RunAsync(operation, async () =>
        {
            await call();
            return true;
        });
}
