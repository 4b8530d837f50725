using System.Diagnostics;
using System.Text.Json;
using WeComGateway.Testing;

namespace WeComGateway.LoadTest.Faults;

/// <summary>
/// One fault scenario: how many receivers and worker hosts, which broker, how long the stream of customer adds lasts,
/// what is broken when (<see cref="Fault"/>, times relative to the stream's start) and how everything is put back
/// (<see cref="Restore"/>, always run, also when the fault throws). <see cref="Fanout"/>: every callback goes to every
/// receiver, and every fifth one twice to the first.
/// </summary>
internal sealed record FaultScenario(
    string Key,
    string Title,
    TimeSpan Stream,
    Func<FaultContext, Task> Fault,
    Func<FaultContext, Task> Restore)
{
    public int Receivers { get; init; } = 1;

    public int Workers { get; init; } = 1;

    public bool Fanout { get; init; }

    /// <summary>The broker of this scenario's processes; null: the shared single node of ConnectionStrings:RabbitMq.</summary>
    public string? RabbitMqUri { get; init; }

    /// <summary>The other nodes of that broker's cluster (<c>RabbitMq:ClusterNodes</c>), for a reconnect elsewhere when the URI's node dies.</summary>
    public string? ClusterNodes { get; init; }

    /// <summary>Before any process starts (the cluster of scenario e); <see cref="Restore"/> undoes it.</summary>
    public Func<FaultContext, Task>? Prepare { get; init; }
}

/// <summary>What a scenario's fault and restore steps reach: the processes, the emulator, the stream's clock and a shell.</summary>
internal sealed class FaultContext(WeComEmulator wecom, IReadOnlyList<TestSuite> corps, Stopwatch clock)
{
    private readonly List<string> _notes = [];

    public WeComEmulator WeCom { get; } = wecom;

    public IReadOnlyList<TestSuite> Corps { get; } = corps;

    public List<GatewayProcess> Receivers { get; } = [];

    public List<GatewayProcess> Workers { get; } = [];

    public IReadOnlyList<string> Notes => _notes;

    /// <summary>Waits until the stream has run for <paramref name="seconds"/>.</summary>
    public Task At(double seconds)
    {
        var due = TimeSpan.FromSeconds(seconds) - clock.Elapsed;
        return due > TimeSpan.Zero ? Task.Delay(due) : Task.CompletedTask;
    }

    /// <summary>Notes a step with the stream time it happened at (printed under the table).</summary>
    public void Note(string what)
    {
        var line = clock.IsRunning ? $"{clock.Elapsed.TotalSeconds,5:F1} s  {what}" : $"before  {what}";
        lock (_notes)
        {
            _notes.Add(line);
        }

        Console.WriteLine("    " + line);
    }

    /// <summary>Runs a shell command from the repository root; throws when it fails.</summary>
    public async Task ShellAsync(string command)
    {
        Note("$ " + command);
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{command}` exited {process.ExitCode}: {await error}{await output}");
        }

        foreach (var line in (await error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Note("  " + line); // what the script says it did (rabbit-cluster.sh: the queues the killed node led)
        }
    }
}

/// <summary>
/// Sends a steady stream of signed customer adds (event i: customer <c>woF{key}{i}</c>, welcome code
/// <c>F{key}-{i}</c>) and, after the settle time, counts from the emulator's call log what each led to at WeCom.
/// </summary>
internal sealed class FaultStream(FaultScenario scenario, IReadOnlyList<TestSuite> corps, int perSecond)
{
    private readonly List<bool> _answered = [];

    public string UserPrefix => "woF" + scenario.Key;

    public string CodePrefix => "F" + scenario.Key + "-";

    public int Sent => _answered.Count;

    public int Answered => _answered.Count(a => a);

    public string User(int i) => $"{UserPrefix}{i:D5}";

    /// <summary>Posts at <c>perSecond</c> for the scenario's stream time; each event counts as answered when any of its posts got a 2xx.</summary>
    public async Task RunAsync(IReadOnlyList<GatewayProcess> receivers, Stopwatch clock)
    {
        var count = (int)(scenario.Stream.TotalSeconds * perSecond);
        var posts = new Task<bool>[count];
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var corp = corps[i % corps.Count];
            var xml = EventXml.ContactAdded(corp, User(i), state: $"poster-{i % 5}", welcomeCode: $"{CodePrefix}{i:D5}");
            var targets = scenario.Fanout
                ? [.. receivers, .. i % 5 == 0 ? new[] { receivers[0] } : []]
                : new[] { receivers[i % receivers.Count] };
            posts[i] = Task.Run(async () =>
            {
                var results = await Task.WhenAll(targets.Select(r => WeComPlay.PostAsync(r.Http, corp, xml)));
                return results.Any(ok => ok);
            });
        }

        _answered.AddRange(await Task.WhenAll(posts));
    }

    /// <summary>Waits (at most <paramref name="seconds"/>) until every answered event has its welcome (sent or expired) and its tag.</summary>
    public async Task SettleAsync(WeComEmulator wecom, ExpiredWelcomeLog expired, int seconds) =>
        await WeComPlay.WaitAsync(async () => (await EffectsAsync(wecom)).Lost(this, expired) == 0, $"every effect of scenario {scenario.Key}", seconds);

    public async Task<Effects> EffectsAsync(WeComEmulator wecom)
    {
        var welcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var refused41051 = 0;
        foreach (var call in await wecom.CallsAsync(WeComApis.SendWelcome))
        {
            if (Field(call, "welcome_code") is { } code && code.StartsWith(CodePrefix, StringComparison.Ordinal))
            {
                if (call is { Status: 200, Errcode: 0 })
                {
                    welcomes[code] = welcomes.GetValueOrDefault(code) + 1;
                }
                else if (call.Errcode == 41051)
                {
                    refused41051++;
                }
            }
        }

        var tags = new Dictionary<(string User, string Tag), int>();
        foreach (var call in await wecom.CallsAsync(WeComApis.MarkTag))
        {
            if (call is { Status: 200, Errcode: 0 } && Field(call, "external_userid") is { } user && user.StartsWith(UserPrefix, StringComparison.Ordinal))
            {
                using var body = JsonDocument.Parse(call.Body);
                if (body.RootElement.TryGetProperty("add_tag", out var added) && added.ValueKind == JsonValueKind.Array)
                {
                    foreach (var tag in added.EnumerateArray())
                    {
                        var key = (user, tag.GetString() ?? string.Empty);
                        tags[key] = tags.GetValueOrDefault(key) + 1;
                    }
                }
            }
        }

        return new Effects(welcomes, refused41051, tags);
    }

    private static string? Field(EmulatorCall call, string name)
    {
        using var body = JsonDocument.Parse(string.IsNullOrEmpty(call.Body) ? "{}" : call.Body);
        return body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
    }

    /// <summary>Successful send_welcome_msg calls by welcome code, 41051 refusals, successful mark_tag additions by (customer, tag id).</summary>
    internal sealed record Effects(IReadOnlyDictionary<string, int> Welcomes, int Refused41051, IReadOnlyDictionary<(string User, string Tag), int> Tags)
    {
        public int WelcomesSent => Welcomes.Count;

        public int DuplicatedWelcomes => Welcomes.Values.Sum(n => n - 1);

        public int Tagged => Tags.Keys.Select(k => k.User).Distinct(StringComparer.Ordinal).Count();

        public int DuplicatedTags => Tags.Values.Sum(n => n - 1);

        public int Expired(FaultStream stream, ExpiredWelcomeLog expired) =>
            Enumerable.Range(0, stream.Sent).Count(i => expired.Contains(stream.User(i)) && !Welcomes.ContainsKey(stream.Code(i)));

        /// <summary>Answered events with no welcome sent nor reported expired, or with no tag marked.</summary>
        public int Lost(FaultStream stream, ExpiredWelcomeLog expired)
        {
            var tagged = Tags.Keys.Select(k => k.User).ToHashSet(StringComparer.Ordinal);
            return Enumerable.Range(0, stream.Sent).Count(i => stream._answered[i]
                && (!(Welcomes.ContainsKey(stream.Code(i)) || expired.Contains(stream.User(i))) || !tagged.Contains(stream.User(i))));
        }
    }

    public string Code(int i) => $"{CodePrefix}{i:D5}";
}
