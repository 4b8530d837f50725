using System.Globalization;
using System.Net;

namespace WeComGateway.LoadTest;

internal static class Loopback
{
    /// <summary>Load stays on this machine: anything but a loopback address is refused.</summary>
    public static bool Is(Uri url)
    {
        var loopback = IPAddress.TryParse(url.Host, out var address) ? IPAddress.IsLoopback(address) : url.Host == "localhost";
        if (!loopback)
        {
            Console.Error.WriteLine("refusing a non-loopback target: load tests stay on this machine");
        }

        return loopback;
    }
}

internal static class Percentiles
{
    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Of(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

internal static class Args
{
    /// <summary>The optional positional argument at <paramref name="index"/>, clamped to [min, max]; the fallback when absent.</summary>
    public static int Int(string[] args, int index, int fallback, int min, int max) =>
        args.Length > index ? Math.Clamp(int.Parse(args[index], CultureInfo.InvariantCulture), min, max) : fallback;
}
