using System.Diagnostics;
using System.Globalization;
using WeComGateway.Testing;

namespace WeComGateway.LoadTest;

/// <summary>
/// Receiver throughput: <c>receiver &lt;base-url&gt; &lt;suite-id&gt; &lt;token&gt; &lt;aes-key&gt; &lt;corp-id&gt; [count=5000] [concurrency=32]</c>.
/// Every callback is a distinct add_external_contact event, signed like WeCom signs it. Bounded in count; loopback only.
/// </summary>
internal static class ReceiverLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 5)
        {
            Console.Error.WriteLine("usage: WeComGateway.LoadTest receiver <base-url> <suite-id> <token> <aes-key> <corp-id> [count] [concurrency]");
            return 2;
        }

        var baseUrl = new Uri(args[0]);
        if (!Loopback.Is(baseUrl))
        {
            return 2;
        }

        var suite = new TestSuite(args[1], args[2], args[3], "unused", args[4]);
        var count = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 5000;
        var concurrency = args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 32;

        Console.WriteLine($"preparing {count} signed callbacks…");
        var callbacks = Enumerable.Range(0, count)
            .Select(i => SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite, $"woLoad{i:D7}")))
            .ToArray();

        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        // Warm-up: connections, JIT, exchange declarations.
        foreach (var warm in Enumerable.Range(0, 20).Select(_ => SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite))))
        {
            using var request = warm.ToRequest();
            (await http.SendAsync(request)).Dispose();
        }

        var latencies = new double[count];
        var statuses = new int[count];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var request = callbacks[i].ToRequest();
                    using var response = await http.SendAsync(request);
                    statuses[i] = (int)response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    statuses[i] = -1;
                }

                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }));
        clock.Stop();

        Array.Sort(latencies);
                Console.WriteLine($"callbacks   {count} at concurrency {concurrency} in {clock.Elapsed.TotalSeconds:F2} s");
        Console.WriteLine($"throughput  {count / clock.Elapsed.TotalSeconds:F0} callbacks/s");
        Console.WriteLine($"latency ms  p50 {Percentiles.Of(latencies, 0.50):F2}  p95 {Percentiles.Of(latencies, 0.95):F2}  p99 {Percentiles.Of(latencies, 0.99):F2}  max {latencies[^1]:F2}");
        Console.WriteLine("statuses    " + string.Join("  ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}")));
        return statuses.All(s => s == 200) ? 0 : 1;
    }
}
