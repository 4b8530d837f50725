using System.Diagnostics;
using System.Globalization;
using WeComGateway.Testing;

namespace WeComGateway.LoadTest;

/// <summary>
/// Welcome latency: <c>welcome &lt;base-url&gt; &lt;suite-id&gt; &lt;token&gt; &lt;aes-key&gt; &lt;wecom-port&gt; [count=1000] [per-second=50] [corps=10]</c>.
/// Plays WeCom on both sides: the emulator's open APIs on 127.0.0.1:wecom-port (the workers must point
/// <c>WeCom:ApiBaseUrl</c> at it) and signed callbacks into the receiver. Authorizes <c>corps</c> enterprises through
/// create_auth, then sends <c>count</c> customer adds at a steady rate, spread over the corps, and measures for each the
/// time from posting the callback to send_welcome_msg arriving at WeCom. Bounded in count and time; loopback only.
/// </summary>
internal static class WelcomeLatency
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 5)
        {
            Console.Error.WriteLine("usage: WeComGateway.LoadTest welcome <base-url> <suite-id> <token> <aes-key> <wecom-port> [count] [per-second] [corps]");
            return 2;
        }

        var baseUrl = new Uri(args[0]);
        if (!Loopback.Is(baseUrl))
        {
            return 2;
        }

        var port = int.Parse(args[4], CultureInfo.InvariantCulture);
        var count = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 1000;
        var perSecond = args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 50;
        var corpCount = args.Length > 7 ? int.Parse(args[7], CultureInfo.InvariantCulture) : 10;
        var corps = Enumerable.Range(0, corpCount).Select(i => new TestSuite(args[1], args[2], args[3], "unused", $"wwlatcorp{i:D6}")).ToArray();

        await using var wecom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true, Port = port, CallLogCapacity = 100_000 });
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        Task<bool> PostAsync(TestSuite suite, string xml) => WeComPlay.PostAsync(http, suite, xml);

        Console.WriteLine($"authorizing {corpCount} corps through suite_ticket + create_auth…");
        if (!await WeComPlay.AuthorizeAsync(http, wecom, corps, "压测企业 "))
        {
            return 1;
        }

        Console.WriteLine("warming up (tags created, tokens cached, JIT)…");
        foreach (var corp in corps)
        {
            await PostAsync(corp, EventXml.ContactAdded(corp, state: "poster-warm", welcomeCode: "WARM-" + corp.CorpId));
        }

        await WeComPlay.WaitAsync(async () => (await wecom.StateAsync()).Welcomes.Count >= corpCount, "the warm-up welcomes", 60);

        Console.WriteLine($"sending {count} customer adds at {perSecond}/s over {corpCount} corps…");
        var sentAt = new DateTimeOffset[count];
        var failed = 0;
        var clock = Stopwatch.StartNew();
        var posts = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var corp = corps[i % corpCount];
            var xml = EventXml.ContactAdded(corp, $"woLat{i:D7}", state: $"poster-{i % 20}", welcomeCode: $"LAT-{i:D7}");
            var index = i;
            sentAt[index] = DateTimeOffset.UtcNow;
            posts.Add(Task.Run(async () =>
            {
                if (!await PostAsync(corp, xml))
                {
                    Interlocked.Increment(ref failed);
                }
            }));
        }

        await Task.WhenAll(posts);
        await WeComPlay.WaitAsync(async () => Welcomed(await wecom.StateAsync()).Count >= count, "every welcome", 30);

        var arrived = Welcomed(await wecom.StateAsync());
        var latencies = arrived.Select(a => (a.At - sentAt[a.Index]).TotalMilliseconds).ToArray();
        Array.Sort(latencies);
        Console.WriteLine($"events      {count} at {perSecond}/s over {corpCount} corps ({clock.Elapsed.TotalSeconds:F1} s); callbacks refused {failed}");
        Console.WriteLine($"welcomed    {latencies.Length} (missing {count - latencies.Length})");
        if (latencies.Length > 0)
        {
            Console.WriteLine($"callback → send_welcome_msg ms  p50 {Percentiles.Of(latencies, 0.50):F1}  p95 {Percentiles.Of(latencies, 0.95):F1}  p99 {Percentiles.Of(latencies, 0.99):F1}  max {latencies[^1]:F1}");
        }

        Console.WriteLine($"mark_tag calls {await wecom.CountAsync(WeComApis.MarkTag)}, add_corp_tag calls {await wecom.CountAsync(WeComApis.AddCorpTag)}");
        return failed == 0 && latencies.Length == count ? 0 : 1;
    }

    /// <summary>When WeCom received each measured welcome (code LAT-nnnnnnn); a code is accepted once.</summary>
    private static List<(int Index, DateTimeOffset At)> Welcomed(EmulatorSnapshot state) =>
        [.. state.Welcomes
            .Where(w => w.WelcomeCode.StartsWith("LAT-", StringComparison.Ordinal))
            .Select(w => (int.Parse(w.WelcomeCode[4..], CultureInfo.InvariantCulture), w.SentAt))];
}
