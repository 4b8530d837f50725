using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using MassTransit;
using WeComGateway.Callbacks;
using WeComGateway.Contracts;
using WeComGateway.Receiver.Publishing;
using WeComGateway.Testing;

namespace WeComGateway.LoadTest;

/// <summary>
/// The receiver against the broker's own ceiling, side by side in one process and one run:
/// <c>ratio &lt;receiver-url&gt; &lt;suite-id&gt; &lt;token&gt; &lt;aes-key&gt; &lt;corp-id&gt; &lt;rabbitmq-uri&gt; [count=5000] [concurrency=64] [rounds=3] [open-rate=1000] [open-seconds=10]</c>.
/// <list type="number">
/// <item>A subscriber as a worker would have: a quorum queue bound to <see cref="ExternalContactAdded"/>, drained by a
/// MassTransit consumer that records every message id.</item>
/// <item>Ceiling: MassTransit confirmed publishes of the very events the receiver would publish (the same callbacks
/// parsed, so the same type and size), <c>concurrency</c> in flight.</item>
/// <item>Receiver: distinct signed callbacks, <c>concurrency</c> connections, closed loop.</item>
/// <item>Every round prints both, the ratio, and "lost": 2xx answers whose event never reached the subscriber (waited
/// for until the consumer has seen them all or 30 s pass with none arriving).</item>
/// <item>Last, open loops at a fixed offered rate (sends start when due whether or not earlier ones finished;
/// latency counts from when each was due, so a stall shows in p99): first the broker alone, then the receiver.</item>
/// </list>
/// Bounded in count and rate; loopback only.
/// </summary>
internal static class ReceiverRatio
{
    private const string SubscriberQueue = "wecomgw-load-subscriber";

    /// <summary>
    /// Run through both paths before the first round and not counted: connections, the exchange and the subscriber's
    /// binding, and the JIT — .NET compiles hot methods again at higher tiers during the first seconds of load, and a
    /// round that includes that measures start-up, not the steady state a receiver runs in.
    /// </summary>
    private const int WarmUpEvents = 5000;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 6)
        {
            Console.Error.WriteLine("usage: WeComGateway.LoadTest ratio <receiver-url> <suite-id> <token> <aes-key> <corp-id> <rabbitmq-uri> [count] [concurrency] [rounds] [open-rate] [open-seconds]");
            return 2;
        }

        var receiverUrl = new Uri(args[0]);
        var rabbit = new Uri(args[5]);
        if (!Loopback.Is(receiverUrl) || !Loopback.Is(rabbit))
        {
            return 2;
        }

        var suite = new TestSuite(args[1], args[2], args[3], "unused", args[4]);
        var count = Args.Int(args, 6, 5000, 1, 200_000);
        var concurrency = Args.Int(args, 7, 64, 1, 1024);
        var rounds = Args.Int(args, 8, 3, 1, 10);
        var openRate = Args.Int(args, 9, 1000, 1, 20_000);
        var openSeconds = Args.Int(args, 10, 10, 1, 120);

        var seen = new ConcurrentDictionary<Guid, byte>();
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(rabbit);
            cfg.ReceiveEndpoint(SubscriberQueue, e =>
            {
                e.SetQuorumQueue();
                e.PrefetchCount = 128;
                e.Handler<ExternalContactAdded>(context =>
                {
                    seen.TryAdd(context.MessageId ?? Guid.Empty, 0);
                    return Task.CompletedTask;
                });
            });
        });
        await bus.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = receiverUrl, Timeout = TimeSpan.FromSeconds(30) };
            var cpu = CpuMeter.Of(Environment.GetEnvironmentVariable("WECOMGW_LOAD_PIDS"));
            var warmUpStart = Stopwatch.StartNew();
            await CeilingAsync(bus, suite, "w" + Guid.NewGuid().ToString("N")[..8], WarmUpEvents, concurrency, seen);
            await ReceiverAsync(http, suite, "w" + Guid.NewGuid().ToString("N")[..8], WarmUpEvents, concurrency, seen);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up: {WarmUpEvents} events on each path, not counted ({warmUpStart.Elapsed.TotalSeconds:F1} s)"));
            var results = new List<(Run Ceiling, Run Receiver, long Lost)>();
            for (var round = 1; round <= rounds; round++)
            {
                var tag = $"{round}{Guid.NewGuid():N}"[..9];
                var before = cpu.Read();
                var ceiling = await CeilingAsync(bus, suite, tag, count, concurrency, seen);
                Console.WriteLine($"round {round}: ceiling {ceiling}");
                Console.WriteLine($"round {round}: ceiling  {cpu.PerEvent(before, count)}");
                before = cpu.Read();
                var (receiver, lost) = await ReceiverAsync(http, suite, tag, count, concurrency, seen);
                results.Add((ceiling, receiver, lost));
                Console.WriteLine($"round {round}: receiver {receiver}  lost={lost}");
                Console.WriteLine($"round {round}: receiver {cpu.PerEvent(before, count)}");
                Console.WriteLine($"round {round}: ratio={receiver.PerSecond / ceiling.PerSecond:F2}");
            }

            var openCeiling = await OpenLoopCeilingAsync(bus, suite, openRate, openSeconds);
            Console.WriteLine($"open loop ceiling:  {openCeiling}");
            var open = await OpenLoopReceiverAsync(http, suite, openRate, openSeconds);
            Console.WriteLine($"open loop receiver: {open}");
            var ratios = results.Select(r => r.Receiver.PerSecond / r.Ceiling.PerSecond).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"summary: ratio={ratios.Average():F2} (rounds {string.Join(", ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}), lost={results.Sum(r => r.Lost)}, open-loop {openRate}/s p99={open.P99:F1} ms (the broker alone: {openCeiling.P99:F1} ms)"));
            return results.All(r => r.Lost == 0 && r.Receiver.Failed == 0) ? 0 : 1;
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    private static async Task<Run> CeilingAsync(IBus bus, TestSuite suite, string tag, int count, int concurrency, ConcurrentDictionary<Guid, byte> seen)
    {
        var events = Enumerable.Range(0, count).Select(i => Event(suite, EventXml.ContactAdded(suite, $"woC{tag}{i:D7}"))).ToArray();
        var ids = events.Select(_ => NewId.NextGuid()).ToArray();
        var run = await ClosedLoopAsync(count, concurrency, async i =>
        {
            await bus.Publish(events[i], context => context.MessageId = ids[i]);
            return 200;
        });
        await SettleAsync(ids, seen);
        return run;
    }

    private static async Task<(Run Run, long Lost)> ReceiverAsync(HttpClient http, TestSuite suite, string tag, int count, int concurrency, ConcurrentDictionary<Guid, byte> seen)
    {
        var xmls = Enumerable.Range(0, count).Select(i => EventXml.ContactAdded(suite, $"woR{tag}{i:D7}")).ToArray();
        var callbacks = xmls.Select(xml => SignedCallback.Post(suite, "command", xml)).ToArray();
        var statuses = new int[count];
        var run = await ClosedLoopAsync(count, concurrency, async i =>
        {
            using var request = callbacks[i].ToRequest();
            using var response = await http.SendAsync(request);
            return statuses[i] = (int)response.StatusCode;
        });
        var accepted = xmls.Where((_, i) => statuses[i] == 200).Select(xml => IdOf(suite, xml)).ToArray();
        var arrived = await SettleAsync(accepted, seen);
        return (run, accepted.Length - arrived);
    }

    /// <summary>Waits until every id was consumed, or no new one arrived for 30 s; returns how many arrived.</summary>
    private static async Task<long> SettleAsync(IReadOnlyCollection<Guid> ids, ConcurrentDictionary<Guid, byte> seen)
    {
        var last = -1L;
        var quietSince = Stopwatch.StartNew();
        while (true)
        {
            long arrived = ids.Count(seen.ContainsKey);
            if (arrived == ids.Count)
            {
                return arrived;
            }

            if (arrived != last)
            {
                last = arrived;
                quietSince.Restart();
            }
            else if (quietSince.Elapsed > TimeSpan.FromSeconds(30))
            {
                return arrived;
            }

            await Task.Delay(100);
        }
    }

    private static async Task<Run> ClosedLoopAsync(int count, int concurrency, Func<int, Task<int>> send)
    {
        var latencies = new double[count];
        var failed = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                int status;
                try
                {
                    status = await send(i);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    status = -1;
                }

                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (status != 200)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }));
        clock.Stop();
        return Run.Of(latencies, clock.Elapsed, failed);
    }

    /// <summary>The broker alone at the open loop's rate: MassTransit confirmed publishes offered on the same schedule.</summary>
    private static Task<Run> OpenLoopCeilingAsync(IBus bus, TestSuite suite, int rate, int seconds)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var events = Enumerable.Range(0, rate * seconds).Select(i => Event(suite, EventXml.ContactAdded(suite, $"woP{tag}{i:D7}"))).ToArray();
        return OpenLoopAsync(events.Length, rate, async i =>
        {
            await bus.Publish(events[i], context => context.MessageId = NewId.NextGuid());
            return true;
        });
    }

    /// <summary>The receiver at a fixed offered rate: distinct signed callbacks, each sent when due.</summary>
    private static Task<Run> OpenLoopReceiverAsync(HttpClient http, TestSuite suite, int rate, int seconds)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var callbacks = Enumerable.Range(0, rate * seconds).Select(i => SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite, $"woO{tag}{i:D7}"))).ToArray();
        return OpenLoopAsync(callbacks.Length, rate, async i =>
        {
            using var request = callbacks[i].ToRequest();
            using var response = await http.SendAsync(request);
            return response.StatusCode == System.Net.HttpStatusCode.OK;
        });
    }

    /// <summary>
    /// Offers <paramref name="count"/> sends at <paramref name="rate"/> a second, each on its own schedule whether or not
    /// earlier ones finished; latency is measured from when each was due, so a stall shows in p99.
    /// </summary>
    private static async Task<Run> OpenLoopAsync(int count, int rate, Func<int, Task<bool>> send)
    {
        var latencies = new double[count];
        var failed = 0;
        var start = Stopwatch.GetTimestamp();
        var clock = Stopwatch.StartNew();
        var sends = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var index = i;
            sends.Add(Task.Run(async () =>
            {
                try
                {
                    if (!await send(index))
                    {
                        Interlocked.Increment(ref failed);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failed);
                }

                latencies[index] = Stopwatch.GetElapsedTime(due).TotalMilliseconds; // from when it was due
            }));
        }

        await Task.WhenAll(sends);
        clock.Stop();
        return Run.Of(latencies, clock.Elapsed, failed);
    }

    /// <summary>The event the receiver publishes for this callback (same type, same fields, same size).</summary>
    private static ExternalContactAdded Event(TestSuite suite, string xml) =>
        (ExternalContactAdded)CallbackEventParser.Parse(xml, new CallbackContext(suite.SuiteId, suite.SuiteId, DateTimeOffset.UtcNow)).Event;

    /// <summary>The message id the receiver gives the callback's event (derived from its dedupe key).</summary>
    private static Guid IdOf(TestSuite suite, string xml) => MessageIds.For(Event(suite, xml).DedupeKey);

    internal sealed record Run(int Count, TimeSpan Elapsed, int Failed, double P50, double P99, double P999)
    {
        public double PerSecond => Count / Elapsed.TotalSeconds;

        public static Run Of(double[] latencies, TimeSpan elapsed, int failed)
        {
            Array.Sort(latencies);
            return new Run(latencies.Length, elapsed, failed, Percentiles.Of(latencies, 0.50), Percentiles.Of(latencies, 0.99), Percentiles.Of(latencies, 0.999));
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Count} in {Elapsed.TotalSeconds:F2} s = {PerSecond:F0}/s  p50 {P50:F1} ms  p99 {P99:F1} ms  p999 {P999:F1} ms  failed {Failed}");
    }
}
