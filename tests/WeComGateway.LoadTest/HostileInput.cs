using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using RabbitMQ.Client;
using WeComGateway.Contracts;
using WeComGateway.Testing;
using WeComGateway.Testing.Hostile;

namespace WeComGateway.LoadTest;

/// <summary>
/// Hostile input at volume against a running receiver:
/// <c>hostile &lt;receiver-url&gt; &lt;suite-id&gt; &lt;token&gt; &lt;aes-key&gt; &lt;rabbitmq-uri&gt; [count=100000] [concurrency=32] [pid=0] [seed=14] [slow=40]</c>.
/// <list type="number">
/// <item>Before: a queue bound to every callback event exchange, so any publish is counted whatever its type.</item>
/// <item><c>count</c> requests from <see cref="HostileRequests"/> (request i from seed+i: a seed names the run),
/// <c>concurrency</c> in flight; each answer tallied by category, status and reason label (the problem's title).</item>
/// <item>Alongside: <c>slow</c> slowloris connections (half send headers a byte at a time, half a body far below
/// Kestrel's minimum data rate), each given at most 60 s; how each ended is tallied.</item>
/// <item>The receiver's resident memory (from /proc/&lt;pid&gt;/status) every 10,000 requests.</item>
/// <item>After: /health/live, the process, the queue's message count, and the accepted and rejected counters on /metrics.</item>
/// </list>
/// Exits 1 on any 5xx or 2xx, any publish, or a dead receiver. Bounded; loopback only.
/// </summary>
internal static class HostileInput
{
    private const int SampleEvery = 10_000;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 5)
        {
            Console.Error.WriteLine("usage: WeComGateway.LoadTest hostile <receiver-url> <suite-id> <token> <aes-key> <rabbitmq-uri> [count=100000] [concurrency=32] [pid=0] [seed=14] [slow=40]");
            return 2;
        }

        var receiverUrl = new Uri(args[0]);
        var rabbit = new Uri(args[4]);
        if (!Loopback.Is(receiverUrl) || !Loopback.Is(rabbit))
        {
            return 2;
        }

        var suite = new TestSuite(args[1], args[2], args[3], "unused", "unused");
        var count = Args.Int(args, 5, 100_000, 1, 1_000_000);
        var concurrency = Args.Int(args, 6, 32, 1, 256);
        var pid = Args.Int(args, 7, 0, 0, int.MaxValue);
        var seed = Args.Int(args, 8, 14, 0, int.MaxValue);
        var slow = Args.Int(args, 9, 40, 0, 200);

        await using var watch = await PublishWatch.StartAsync(rabbit);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, AllowAutoRedirect = false })
        {
            BaseAddress = receiverUrl,
            Timeout = TimeSpan.FromSeconds(30),
        };

        var rss = new List<long> { Rss(pid) };
        var tally = new ConcurrentDictionary<(string Category, int Status, string Reason), int>();
        var slowloris = Slowloris.RunAsync(receiverUrl, suite, slow);
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var hostile = new HostileRequests(suite, unchecked(seed + i)).Next(i);
                var key = await SendAsync(http, hostile);
                tally.AddOrUpdate(key, 1, (_, n) => n + 1);
                if ((i + 1) % SampleEvery == 0)
                {
                    lock (rss)
                    {
                        rss.Add(Rss(pid));
                    }
                }
            }
        }));
        clock.Stop();
        var slowEnds = await slowloris;

        var alive = await AliveAsync(http, pid);
        var published = await watch.CountAsync();
        var (acceptedMetric, rejectedMetric) = await MetricsAsync(http);
        return Report(tally, slowEnds, rss, count, clock.Elapsed, alive, published, acceptedMetric, rejectedMetric);
    }

    private static async Task<(string, int, string)> SendAsync(HttpClient http, HostileRequest hostile)
    {
        try
        {
            using var request = hostile.ToRequest();
            using var response = await http.SendAsync(request);
            var (status, reason) = await HostileAnswer.ReadAsync(response);
            return (hostile.Category, status, reason);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return (hostile.Category, -1, e.GetType().Name);
        }
    }

    private static int Report(
        ConcurrentDictionary<(string Category, int Status, string Reason), int> tally,
        IReadOnlyDictionary<string, int> slowEnds,
        List<long> rss,
        int count,
        TimeSpan elapsed,
        bool alive,
        long published,
        double? acceptedMetric,
        IReadOnlyDictionary<string, double> rejectedMetric)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"{count} hostile requests in {elapsed.TotalSeconds:F1} s ({count / elapsed.TotalSeconds:F0}/s)"));
        Console.WriteLine();
        Console.WriteLine($"{"category",-20} {"requests",9} {"5xx",5} {"other",6}  4xx by status and reason");
        var rows = tally.GroupBy(t => t.Key.Category).OrderBy(g => HostileRequests.Categories.ToList().IndexOf(g.Key));
        foreach (var row in rows)
        {
            var total = row.Sum(t => t.Value);
            var fiveXx = row.Where(t => t.Key.Status >= 500).Sum(t => t.Value);
            var other = row.Where(t => t.Key.Status is < 400 or >= 500).Sum(t => t.Value) - fiveXx;
            var refused = string.Join(", ", row.Where(t => t.Key.Status is >= 400 and < 500)
                .OrderByDescending(t => t.Value).Select(t => string.Create(inv, $"{t.Key.Status} {t.Key.Reason} {t.Value}")));
            Console.WriteLine(string.Create(inv, $"{row.Key,-20} {total,9} {fiveXx,5} {other,6}  {refused}"));
        }

        var all5xx = tally.Where(t => t.Key.Status >= 500).Sum(t => t.Value);
        var allOther = tally.Where(t => t.Key.Status is < 400).Sum(t => t.Value);
        var unlabelled = tally.Where(t => t.Key.Status is >= 400 and < 500 && t.Key.Reason == "-").Sum(t => t.Value);
        Console.WriteLine(string.Create(inv, $"{"total",-20} {tally.Sum(t => t.Value),9} {all5xx,5} {allOther,6}  4xx {tally.Where(t => t.Key.Status is >= 400 and < 500).Sum(t => t.Value)} (without a reason label: {unlabelled})"));
        Console.WriteLine();
        Console.WriteLine("by reason: " + string.Join(", ", tally.Where(t => t.Key.Status is >= 400 and < 500).GroupBy(t => $"{t.Key.Status} {t.Key.Reason}")
            .OrderByDescending(g => g.Sum(t => t.Value)).Select(g => string.Create(inv, $"{g.Key} {g.Sum(t => t.Value)}"))));
        Console.WriteLine("wecomgw_callbacks_rejected_total by reason (a HEAD answer has no body: its label is here only): "
            + string.Join(", ", rejectedMetric.OrderByDescending(r => r.Value).Select(r => string.Create(inv, $"{r.Key} {r.Value}"))));
        foreach (var other in tally.Where(t => t.Key.Status is < 400 or >= 500))
        {
            Console.WriteLine(string.Create(inv, $"not a 4xx: {other.Key.Category} {other.Key.Status} {other.Key.Reason} x{other.Value}"));
        }

        Console.WriteLine("slowloris: " + (slowEnds.Count == 0 ? "not run" : string.Join(", ", slowEnds.OrderBy(e => e.Key).Select(e => $"{e.Key} {e.Value}"))));
        var mib = rss.Select(r => (r / 1024.0).ToString("F0", inv)).ToList();
        Console.WriteLine(rss[0] > 0
            ? $"RSS MiB: first {mib[0]} max {(rss.Max() / 1024.0).ToString("F0", inv)} last {mib[^1]} (every {SampleEvery}: {string.Join(" ", mib)})"
            : "RSS: no --pid given");
        Console.WriteLine(string.Create(inv, $"published={published} (queue bound to every callback event exchange); wecomgw_callbacks_accepted on /metrics={acceptedMetric?.ToString(inv) ?? "absent"}"));
        Console.WriteLine($"alive={(alive ? "yes" : "NO")}");
        var slowStuck = slowEnds.GetValueOrDefault("still open at 60 s");
        return all5xx == 0 && allOther == 0 && published == 0 && (acceptedMetric ?? 0) == 0 && alive && slowStuck == 0 ? 0 : 1;
    }

    private static long Rss(int pid)
    {
        if (pid == 0)
        {
            return 0;
        }

        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static async Task<bool> AliveAsync(HttpClient http, int pid)
    {
        try
        {
            using var response = await http.GetAsync("/health/live");
            return response.IsSuccessStatusCode && (pid == 0 || Directory.Exists($"/proc/{pid}"));
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>From one scrape: the sum of the accepted series (null when there is none) and the rejected ones by reason.</summary>
    private static async Task<(double? Accepted, IReadOnlyDictionary<string, double> Rejected)> MetricsAsync(HttpClient http)
    {
        var samples = PrometheusText.Parse(await http.GetStringAsync("/metrics"));
        var accepted = samples.Where(s => s.Name.StartsWith("wecomgw_callbacks_accepted", StringComparison.Ordinal)).ToList();
        var rejected = samples.Where(s => s.Name == "wecomgw_callbacks_rejected_total")
            .GroupBy(s => s.Labels.GetValueOrDefault("reason", "-"))
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Value), StringComparer.Ordinal);
        return (accepted.Count == 0 ? null : accepted.Sum(s => s.Value), rejected);
    }

    /// <summary>A server-named, exclusive queue bound to every callback event exchange; counts what reached it.</summary>
    private sealed class PublishWatch(IConnection connection, IChannel channel, string queue) : IAsyncDisposable
    {
        public static async Task<PublishWatch> StartAsync(Uri rabbit)
        {
            var connection = await new ConnectionFactory { Uri = rabbit }.CreateConnectionAsync();
            var channel = await connection.CreateChannelAsync();
            var queue = (await channel.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: true)).QueueName;
            foreach (var type in MessageCatalogue.CallbackEvents)
            {
                // The receiver declares every event exchange at start; declaring it again (same arguments) is a no-op.
                await channel.ExchangeDeclareAsync(MessageCatalogue.ExchangeOf(type), ExchangeType.Fanout, durable: true);
                await channel.QueueBindAsync(queue, MessageCatalogue.ExchangeOf(type), string.Empty);
            }

            return new PublishWatch(connection, channel, queue);
        }

        public async Task<long> CountAsync()
        {
            await Task.Delay(TimeSpan.FromSeconds(2)); // a publish confirmed just now is routed by then
            return await channel.MessageCountAsync(queue);
        }

        public async ValueTask DisposeAsync()
        {
            await channel.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    /// <summary>
    /// Connections that dribble: half send the request line and headers one byte a second (Kestrel's
    /// RequestHeadersTimeout is 30 s), half send complete headers and then a body one byte a second (below its
    /// MinRequestBodyDataRate of 240 bytes/s after a 5 s grace). Each is given 60 s; the tally says how each ended.
    /// </summary>
    private static class Slowloris
    {
        private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

        public static async Task<IReadOnlyDictionary<string, int>> RunAsync(Uri receiver, TestSuite suite, int connections)
        {
            var ends = new ConcurrentDictionary<string, int>();
            await Task.WhenAll(Enumerable.Range(0, connections).Select(async i =>
            {
                var end = await OneAsync(receiver, suite, slowHeaders: i % 2 == 0);
                ends.AddOrUpdate(end, 1, (_, n) => n + 1);
            }));
            return ends;
        }

        private static async Task<string> OneAsync(Uri receiver, TestSuite suite, bool slowHeaders)
        {
            var kind = slowHeaders ? "slow headers" : "slow body";
            var callback = SignedCallback.Post(suite, "command", EventXml.ContactAdded(suite));
            var head = Encoding.ASCII.GetBytes(
                $"POST {callback.PathAndQuery} HTTP/1.1\r\nHost: {receiver.Authority}\r\nContent-Type: text/xml\r\nContent-Length: {callback.Body.Length}\r\n\r\n");
            using var client = new TcpClient();
            using var cancel = new CancellationTokenSource(Deadline);
            Task<string>? answer = null;
            try
            {
                await client.ConnectAsync(receiver.Host, receiver.Port, cancel.Token);
                var stream = client.GetStream();
                answer = ReadAnswerAsync(stream, cancel.Token);
                var dribble = slowHeaders ? head : callback.Body[..^1]; // the body is never finished: no callback completes
                if (!slowHeaders)
                {
                    await stream.WriteAsync(head, cancel.Token);
                }

                foreach (var b in dribble)
                {
                    if (answer.IsCompleted)
                    {
                        break;
                    }

                    await stream.WriteAsync(new[] { b }, cancel.Token);
                    await Task.WhenAny(answer, Task.Delay(TimeSpan.FromSeconds(1), cancel.Token));
                }

                return $"{kind}: {await answer}";
            }
            catch (OperationCanceledException)
            {
                return "still open at 60 s";
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                // Writing failed because the receiver answered and closed: its answer says how.
                return answer is { IsCompletedSuccessfully: true } ? $"{kind}: {answer.Result}" : $"{kind}: closed by the receiver";
            }
        }

        /// <summary>The status line of whatever the receiver answers, or how the connection closed.</summary>
        private static async Task<string> ReadAnswerAsync(NetworkStream stream, CancellationToken cancellationToken)
        {
            var buffer = new byte[512];
            try
            {
                var read = await stream.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    return "closed by the receiver";
                }

                var line = Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
                return line.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? line["HTTP/1.1 ".Length..].Split(' ')[0] : "garbled answer";
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                return "reset by the receiver";
            }
        }
    }
}
