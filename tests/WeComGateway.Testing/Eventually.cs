using System.Diagnostics;

namespace WeComGateway.Testing;

/// <summary>
/// The one way tests wait for something another thread, process or broker does: poll a condition until it holds or a
/// timeout passes, then fail with what was awaited and, when given, what the world looked like.
/// Never use it to prove that something does <em>not</em> happen: wait for a marker that comes after it instead.
/// </summary>
public static class Eventually
{
    /// <summary>Long enough for a broker round trip on a busy CI machine; the tests pass in a fraction of it.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly object Held = new();

    /// <summary>Polls <paramref name="probe"/> until it answers a value that is not null, and returns that value.</summary>
    /// <param name="what">What is awaited, for the failure message ("the welcome to reach WeCom").</param>
    /// <param name="explain">What the world looked like when the time ran out (logs, calls seen).</param>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, string what, Func<Task<string>>? explain = null, TimeSpan? timeout = null)
        where T : class
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (clock.Elapsed > limit)
            {
                var world = explain is null ? string.Empty : "\n" + await explain();
                throw new TimeoutException($"Waited {limit.TotalSeconds:0.#} s for {what}, in vain.{world}");
            }

            await Task.Delay(pause);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 200));
        }
    }

    /// <inheritdoc cref="ValueAsync{T}(Func{Task{T}}, string, Func{Task{string}}, TimeSpan?)"/>
    public static Task<T> ValueAsync<T>(Func<T?> probe, string what, Func<Task<string>>? explain = null, TimeSpan? timeout = null)
        where T : class =>
        ValueAsync(() => Task.FromResult(probe()), what, explain, timeout);

    /// <summary>Polls <paramref name="condition"/> until it holds.</summary>
    /// <inheritdoc cref="ValueAsync{T}(Func{Task{T}}, string, Func{Task{string}}, TimeSpan?)"/>
    public static Task HoldsAsync(Func<Task<bool>> condition, string what, Func<Task<string>>? explain = null, TimeSpan? timeout = null) =>
        ValueAsync(async () => await condition() ? Held : null, what, explain, timeout);

    /// <inheritdoc cref="HoldsAsync(Func{Task{bool}}, string, Func{Task{string}}, TimeSpan?)"/>
    public static Task HoldsAsync(Func<bool> condition, string what, Func<Task<string>>? explain = null, TimeSpan? timeout = null) =>
        ValueAsync(() => Task.FromResult(condition() ? Held : null), what, explain, timeout);

    /// <summary>For an <c>explain</c> that is at hand: <c>Eventually.Say(worker.LogText)</c>.</summary>
    public static Func<Task<string>> Say(Func<string> explain) => () => Task.FromResult(explain());
}
