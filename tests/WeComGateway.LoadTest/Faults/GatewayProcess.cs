using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using WeComGateway.Testing;

namespace WeComGateway.LoadTest.Faults;

/// <summary>
/// One receiver or worker host run from its Release build as a separate process on 127.0.0.1:<see cref="Port"/>, with
/// the environment of this process (deploy/local/faults.sh exports the gateway settings) plus per-process overrides.
/// Its output goes to a log file under <c>/tmp/wecomgw-faults/</c>; the welcomes it reports expired are noted in
/// <see cref="ExpiredWelcomes"/> by external user id, because a killed worker takes its /metrics counters with it.
/// </summary>
internal sealed partial class GatewayProcess : IAsyncDisposable
{
    private static readonly string LogDirectory = Path.Combine(Path.GetTempPath(), "wecomgw-faults");

    private readonly string _role;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly StreamWriter _log;
    private Process _process;

    private GatewayProcess(string role, int port, IReadOnlyDictionary<string, string> environment, StreamWriter log, ExpiredWelcomeLog expired)
    {
        _role = role;
        Port = port;
        _environment = environment;
        _log = log;
        ExpiredWelcomes = expired;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        _process = Launch();
    }

    public int Port { get; }

    /// <summary>A client on this host's address (callbacks, /metrics, /health).</summary>
    public HttpClient Http { get; }

    public ExpiredWelcomeLog ExpiredWelcomes { get; }

    /// <summary>Starts <c>WeComGateway.{role}</c> (Receiver or Workers) and waits until /health/live answers.</summary>
    public static async Task<GatewayProcess> StartAsync(string role, int port, string logName, ExpiredWelcomeLog expired, IReadOnlyDictionary<string, string>? environment = null)
    {
        Directory.CreateDirectory(LogDirectory);
        var log = new StreamWriter(Path.Combine(LogDirectory, logName + ".log"), append: false) { AutoFlush = true };
        var host = new GatewayProcess(role, port, environment ?? new Dictionary<string, string>(), log, expired);
        await host.WaitLiveAsync();
        return host;
    }

    /// <summary>SIGKILL: no graceful stop, unacknowledged messages go back to their queues.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
        _log.WriteLine($"--- {DateTimeOffset.UtcNow:O} killed (SIGKILL)");
    }

    /// <summary>Starts the host again on the same port after <see cref="Kill"/>.</summary>
    public async Task RestartAsync()
    {
        _process.Dispose();
        _log.WriteLine($"--- {DateTimeOffset.UtcNow:O} started again");
        _process = Launch();
        await WaitLiveAsync();
    }

    /// <summary>The samples of this host's /metrics now; empty when it does not answer.</summary>
    public async Task<IReadOnlyList<PrometheusSample>> MetricsAsync()
    {
        try
        {
            return PrometheusText.Parse(await Http.GetStringAsync("/metrics"));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return [];
        }
    }

    /// <summary>SIGTERM, then SIGKILL after 20 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
            }
        }

        _process.WaitForExit(); // the output handlers drain before the log closes
        _process.Dispose();
        Http.Dispose();
        await _log.DisposeAsync();
    }

    private Process Launch()
    {
        var dll = Path.GetFullPath($"src/WeComGateway.{_role}/bin/Release/net10.0/WeComGateway.{_role}.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"build {_role} in Release first (deploy/local/faults.sh does)", dll);
        }

        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{Port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Note(line.Data);
        process.ErrorDataReceived += (_, line) => Note(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Note(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.WriteLine(line);
        }

        if (Expired().Match(line) is { Success: true } match)
        {
            ExpiredWelcomes.Add(match.Groups["user"].Value, match.Groups["reason"].Value);
        }
    }

    private async Task WaitLiveAsync()
    {
        for (var i = 0; i < 150; i++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{_role} on port {Port} exited at start ({_process.ExitCode}); see {LogDirectory}");
            }

            try
            {
                using var response = await Http.GetAsync("/health/live");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{_role} on port {Port} did not answer /health/live in 30 s");
    }

    /// <summary>The workers' warning when a welcome is given up (WelcomeConsumer.LogExpired).</summary>
    [GeneratedRegex(@"customer (?<user>\S+): welcome expired \((?<reason>\w+)")]
    private static partial Regex Expired();
}

/// <summary>The welcomes the worker processes reported expired, by external user id (reason of the first report).</summary>
internal sealed class ExpiredWelcomeLog
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _byUser = new(StringComparer.Ordinal);

    public void Add(string externalUserId, string reason) => _byUser.TryAdd(externalUserId, reason);

    public bool Contains(string externalUserId) => _byUser.ContainsKey(externalUserId);

    /// <summary>How many of <paramref name="externalUserIds"/> expired, by reason (window_passed, code_expired).</summary>
    public string Reasons(IEnumerable<string> externalUserIds) =>
        string.Join(", ", externalUserIds.Select(u => _byUser.GetValueOrDefault(u)).OfType<string>().CountBy(r => r).Select(r => $"{r.Key} {r.Value}"));
}
