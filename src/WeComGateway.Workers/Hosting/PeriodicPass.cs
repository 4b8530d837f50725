namespace WeComGateway.Workers.Hosting;

/// <summary>
/// The loop every scheduler runs: nothing when it is off; else after <c>initialDelay</c>, one pass every
/// <c>interval</c> on <see cref="TimeProvider"/> (tests advance it), a failed pass reported and the next one run as
/// usual (what a pass claimed comes back when its lease ends), until the host stops.
/// </summary>
internal static class PeriodicPass
{
    public static async Task RunAsync(
        bool enabled, TimeSpan initialDelay, TimeSpan interval, TimeProvider time,
        Func<CancellationToken, Task> pass, Action<Exception> failed, CancellationToken stoppingToken)
    {
        if (!enabled)
        {
            return;
        }

        await Task.Delay(initialDelay, time, stoppingToken);
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await pass(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
