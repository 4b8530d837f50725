using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using WeComGateway.Testing;

namespace WeComGateway.LoadTest.Faults;

/// <summary>
/// The fault suite: <c>faults &lt;scenario|all&gt; &lt;suite-id&gt; &lt;token&gt; &lt;aes-key&gt; &lt;wecom-port&gt; [per-second=15] [corps=4]</c>,
/// run from the repository root by deploy/local/faults.sh (which builds, exports the gateway settings and cleans up).
/// Plays WeCom (the emulator on 127.0.0.1:wecom-port), starts the real receiver and worker processes per scenario,
/// drives a steady stream of signed customer adds through them while <see cref="FaultScenarios"/> breaks something,
/// and prints one row per scenario: what was sent, answered, published, and done at WeCom, and what was lost or done
/// twice. Exit code 1 when anything was lost or duplicated. Loopback only.
/// </summary>
internal static class FaultSuite
{
    private const int SettleSeconds = 90;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 5)
        {
            Console.Error.WriteLine("usage: WeComGateway.LoadTest faults <scenario|all> <suite-id> <token> <aes-key> <wecom-port> [per-second=15] [corps=4]");
            return 2;
        }

        var chosen = args[0] == "all" ? FaultScenarios.All : [.. FaultScenarios.All.Where(s => args[0].Split(',').Contains(s.Key))];
        if (chosen.Count == 0)
        {
            Console.Error.WriteLine($"unknown scenario '{args[0]}': one of {string.Join(", ", FaultScenarios.All.Select(s => s.Key))}, a comma list, or all");
            return 2;
        }

        var port = int.Parse(args[4], CultureInfo.InvariantCulture);
        var perSecond = Args.Int(args, 5, 15, 1, 50);
        var corps = Enumerable.Range(0, Args.Int(args, 6, 4, 1, 20)).Select(i => new TestSuite(args[1], args[2], args[3], "unused", $"wwfltcorp{i:D6}")).ToArray();

        await using var wecom = await WeComEmulator.StartAsync(new WeComEmulatorOptions { OverHttp = true, Port = port, CallLogCapacity = 100_000 });
        var rows = new List<FaultRow>();
        var authorized = false;
        foreach (var scenario in chosen)
        {
            Console.WriteLine($"== {scenario.Key}. {scenario.Title}: {scenario.Stream.TotalSeconds:F0} s at {perSecond}/s over {corps.Length} corps");
            var row = await RunAsync(scenario, wecom, corps, perSecond, authorized);
            authorized |= row.Error is null || row.Sent > 0;
            rows.Add(row);
            Console.WriteLine(FaultRow.Header);
            Console.WriteLine(row.Line);
        }

        Console.WriteLine();
        Console.WriteLine(FaultRow.Header);
        Console.WriteLine(FaultRow.Rule);
        rows.ForEach(r => Console.WriteLine(r.Line));
        foreach (var row in rows)
        {
            Console.WriteLine($"{row.Key}: {row.Details}");
            foreach (var note in row.Notes)
            {
                Console.WriteLine("     " + note);
            }
        }

        return rows.All(r => r.Ok) ? 0 : 1;
    }

    private static async Task<FaultRow> RunAsync(FaultScenario scenario, WeComEmulator wecom, TestSuite[] corps, int perSecond, bool authorized)
    {
        var clock = new Stopwatch();
        var run = new FaultContext(wecom, corps, clock);
        var expired = new ExpiredWelcomeLog();
        var stream = new FaultStream(scenario, corps, perSecond);
        var environment = scenario.RabbitMqUri is { } uri ? new Dictionary<string, string> { ["ConnectionStrings__RabbitMq"] = uri } : null;
        if (environment is not null && scenario.ClusterNodes is { } nodes)
        {
            environment["RabbitMq__ClusterNodes"] = nodes;
        }

        var details = new StringBuilder();
        var startedAt = DateTimeOffset.UtcNow;
        try
        {
            if (scenario.Prepare is { } prepare)
            {
                await prepare(run);
            }

            for (var i = 0; i < scenario.Workers; i++)
            {
                run.Workers.Add(await GatewayProcess.StartAsync("Workers", 5183 + (2 * i), $"{scenario.Key}-workers{i}", expired, environment));
            }

            for (var i = 0; i < scenario.Receivers; i++)
            {
                run.Receivers.Add(await GatewayProcess.StartAsync("Receiver", 5182 + (2 * i), $"{scenario.Key}-receiver{i}", expired, environment));
            }

            await Task.Delay(TimeSpan.FromSeconds(3)); // the workers declare and bind their queues
            if (!authorized && !await WeComPlay.AuthorizeAsync(run.Receivers[0].Http, wecom, corps, "故障演练 "))
            {
                return FaultRow.Failed(scenario.Key, "the corps were not authorized", run.Notes);
            }

            foreach (var corp in corps)
            {
                await WeComPlay.PostAsync(run.Receivers[0].Http, corp, EventXml.ContactAdded(corp, state: "poster-warm", welcomeCode: $"WARM{scenario.Key}-{corp.CorpId}"));
            }

            await WeComPlay.WaitAsync(
                async () => (await wecom.StateAsync()).Welcomes.Count(w => w.WelcomeCode.StartsWith("WARM" + scenario.Key, StringComparison.Ordinal)) >= corps.Length,
                "the warm-up welcomes",
                60);
            var before = await ReceiverCountersAsync(run);
            var errorQueuesBefore = await ErrorQueues.CountAsync(scenario);

            clock.Start();
            try
            {
                var fault = Task.Run(() => scenario.Fault(run));
                await stream.RunAsync(run.Receivers, clock);
                await fault;
            }
            catch (Exception e)
            {
                run.Note("fault step failed: " + e.Message);
                details.Append("fault step failed; ");
            }
            finally
            {
                if (scenario.Prepare is null)
                {
                    await RestoreAsync(scenario, run);
                }
            }

            run.Note($"stream done: {stream.Sent} sent, {stream.Answered} answered; settling (at most {SettleSeconds} s)");
            await stream.SettleAsync(wecom, expired, SettleSeconds);
            await Task.Delay(TimeSpan.FromSeconds(3)); // a late second effect would show now
            run.Note("settled");

            var after = await ReceiverCountersAsync(run);
            var effects = await stream.EffectsAsync(wecom);
            var errorQueues = await ErrorQueues.CountAsync(scenario);
            var calls = (await wecom.CallsAsync()).Where(c => c.At >= startedAt).ToList();
            details.Append(CultureInfo.InvariantCulture, $"dedupe unavailable {Delta(before, after, "wecomgw_dedupe_unavailable_total")}, ")
                .Append(CultureInfo.InvariantCulture, $"outbox appended {Delta(before, after, "wecomgw_outbox_appended_total")} / relayed {Delta(before, after, "wecomgw_outbox_relayed_total")} / settled by a late confirm {Delta(before, after, "wecomgw_outbox_settled_by_late_confirm_total")}, ")
                .Append(CultureInfo.InvariantCulture, $"receiver duplicates {Delta(before, after, "wecomgw_callbacks_duplicates_total")}, ")
                .Append(CultureInfo.InvariantCulture, $"503s {Delta(before, after, "wecomgw_callbacks_unavailable_total")}; ")
                .Append(CultureInfo.InvariantCulture, $"duplicated welcomes {effects.DuplicatedWelcomes}, duplicated tag additions {effects.DuplicatedTags}; ")
                .Append(CultureInfo.InvariantCulture, $"expired by reason: {expired.Reasons(Enumerable.Range(0, stream.Sent).Select(stream.User))}; ")
                .Append(CultureInfo.InvariantCulture, $"*_error messages {errorQueuesBefore} → {errorQueues}; ")
                .Append(CultureInfo.InvariantCulture, $"get_corp_token {calls.Count(c => c.Path.EndsWith(WeComApis.CorpToken, StringComparison.Ordinal) && c.Errcode == 0)} ok for {corps.Length} corps, ")
                .Append(CultureInfo.InvariantCulture, $"get_suite_token {calls.Count(c => c.Path.EndsWith(WeComApis.SuiteToken, StringComparison.Ordinal) && c.Errcode == 0)} ok");
            return new FaultRow(
                scenario.Key,
                stream.Sent,
                stream.Answered,
                stream.Sent - stream.Answered,
                Delta(before, after, "wecomgw_callbacks_accepted_total"),
                effects.WelcomesSent,
                effects.Expired(stream, expired),
                effects.Refused41051,
                effects.Tagged,
                effects.Lost(stream, expired),
                effects.DuplicatedWelcomes + effects.DuplicatedTags,
                details.ToString(),
                run.Notes,
                null);
        }
        catch (Exception e)
        {
            return FaultRow.Failed(scenario.Key, e.Message, run.Notes);
        }
        finally
        {
            foreach (var host in run.Receivers.Concat(run.Workers))
            {
                await host.DisposeAsync();
            }

            if (scenario.Prepare is not null)
            {
                await RestoreAsync(scenario, run);
            }

            await ErrorQueues.PurgeAsync(scenario);
        }
    }

    private static async Task RestoreAsync(FaultScenario scenario, FaultContext run)
    {
        try
        {
            await scenario.Restore(run);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"restoring after scenario {scenario.Key} failed: {e.Message}");
        }
    }

    /// <summary>The receivers' counters summed over every receiver and every label set.</summary>
    private static async Task<Dictionary<string, double>> ReceiverCountersAsync(FaultContext run)
    {
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var receiver in run.Receivers)
        {
            foreach (var sample in await receiver.MetricsAsync())
            {
                sums[sample.Name] = sums.GetValueOrDefault(sample.Name) + sample.Value;
            }
        }

        return sums;
    }

    private static int Delta(Dictionary<string, double> before, Dictionary<string, double> after, string name) =>
        (int)(after.GetValueOrDefault(name) - before.GetValueOrDefault(name));

    /// <summary>The workers' <c>{prefix}-…_error</c> queues on the shared node, through its management API (guest, loopback).</summary>
    private static class ErrorQueues
    {
        private static readonly HttpClient Management = new(new HttpClientHandler { Credentials = new System.Net.NetworkCredential("guest", "guest") })
        {
            BaseAddress = new Uri("http://127.0.0.1:15672/api/"),
            Timeout = TimeSpan.FromSeconds(10),
        };

        private static string Prefix => (Environment.GetEnvironmentVariable("Workers__QueuePrefix") ?? "faults") + "-";

        /// <summary>The vhost of ConnectionStrings:RabbitMq as the management API spells it (<c>%2F</c> for the default one).</summary>
        private static string VirtualHost =>
            Uri.TryCreate(Environment.GetEnvironmentVariable("ConnectionStrings__RabbitMq"), UriKind.Absolute, out var uri) && uri.AbsolutePath.Trim('/') is { Length: > 0 } vhost
                ? Uri.EscapeDataString(Uri.UnescapeDataString(vhost))
                : "%2F";

        /// <summary>Messages in the error queues now; -1 for the cluster scenario (no management API there) or when it does not answer.</summary>
        public static async Task<int> CountAsync(FaultScenario scenario)
        {
            if (scenario.RabbitMqUri is not null)
            {
                return -1;
            }

            try
            {
                var queues = await Management.GetFromJsonAsync<List<QueueInfo>>($"queues/{VirtualHost}?columns=name,messages") ?? [];
                return queues.Where(IsError).Sum(q => q.Messages ?? 0);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return -1;
            }
        }

        /// <summary>Empties them, so the next scenario counts only its own.</summary>
        public static async Task PurgeAsync(FaultScenario scenario)
        {
            if (scenario.RabbitMqUri is not null)
            {
                return;
            }

            try
            {
                foreach (var queue in (await Management.GetFromJsonAsync<List<QueueInfo>>($"queues/{VirtualHost}?columns=name,messages") ?? []).Where(IsError))
                {
                    using var _ = await Management.DeleteAsync($"queues/{VirtualHost}/{Uri.EscapeDataString(queue.Name)}/contents");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Console.Error.WriteLine("could not purge the error queues: " + e.Message);
            }
        }

        private static bool IsError(QueueInfo queue) => queue.Name.StartsWith(Prefix, StringComparison.Ordinal) && queue.Name.EndsWith("_error", StringComparison.Ordinal);

        private sealed record QueueInfo(string Name, int? Messages);
    }
}

/// <summary>One printed row of the fault table.</summary>
internal sealed record FaultRow(
    string Key, int Sent, int Answered, int Refused, int Published, int Welcomes, int Expired, int Refused41051, int Tagged, int Lost, int Duplicated,
    string Details, IReadOnlyList<string> Notes, string? Error)
{
    public const string Header = "| scenario | sent | 2xx | refused | published | welcomes sent | expired | 41051 | tagged | lost | duplicated |";
    public const string Rule = "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    public bool Ok => Error is null && Lost == 0 && Duplicated == 0;

    public string Line => Error is null
        ? $"| {Key} | {Sent} | {Answered} | {Refused} | {Published} | {Welcomes} | {Expired} | {Refused41051} | {Tagged} | {Lost} | {Duplicated} |"
        : $"| {Key} | not run: {Error} | | | | | | | | | |";

    public static FaultRow Failed(string key, string error, IReadOnlyList<string> notes) => new(key, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, string.Empty, [.. notes], error);
}
