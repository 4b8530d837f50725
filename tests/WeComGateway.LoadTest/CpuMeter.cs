using System.Globalization;

namespace WeComGateway.LoadTest;

/// <summary>
/// CPU time of named processes (this one included) between two readings, from <c>/proc/&lt;pid&gt;/stat</c> (utime +
/// stime, in clock ticks of 10 ms). Divided by the events of a phase it says where each event's CPU went — a figure
/// that holds on a shared machine where wall-clock throughput does not.
/// </summary>
internal sealed class CpuMeter
{
    private const double TickSeconds = 0.01; // USER_HZ is 100 on Linux
    private readonly IReadOnlyList<(string Name, int Pid)> _processes;

    private CpuMeter(IReadOnlyList<(string Name, int Pid)> processes) => _processes = processes;

    /// <summary>
    /// "load tool" plus the processes named in <paramref name="spec"/> (<c>receiver=123 broker=456 redis=789</c>, as
    /// load.sh passes them in WECOMGW_LOAD_PIDS); unreadable entries are left out.
    /// </summary>
    public static CpuMeter Of(string? spec)
    {
        var processes = new List<(string, int)> { ("load tool", Environment.ProcessId) };
        foreach (var pair in (spec ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Seconds(pid) is not null)
            {
                processes.Add((parts[0], pid));
            }
        }

        return new CpuMeter(processes);
    }

    public Reading Read() => new(_processes.Select(p => Seconds(p.Pid) ?? 0).ToArray());

    /// <summary>"cpu per event: receiver 180 µs, load tool 95 µs, … (total 620 µs)" for the time since <paramref name="start"/>.</summary>
    public string PerEvent(Reading start, int events)
    {
        var now = Read();
        var parts = _processes.Select((p, i) => (p.Name, Micros: (now.Seconds[i] - start.Seconds[i]) * 1e6 / Math.Max(1, events))).ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"cpu per event: {string.Join(", ", parts.Select(p => $"{p.Name} {p.Micros:F0} µs"))} (total {parts.Sum(p => p.Micros):F0} µs)");
    }

    private static double? Seconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name, which is in parentheses and may itself hold spaces.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * TickSeconds;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    internal sealed record Reading(double[] Seconds);
}
