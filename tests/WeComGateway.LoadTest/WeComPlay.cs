using WeComGateway.Testing;

namespace WeComGateway.LoadTest;

/// <summary>
/// What the load scripts that play WeCom share: posting a signed callback to a receiver, authorizing corps through
/// suite_ticket + create_auth against the emulator, and waiting for a condition without throwing.
/// </summary>
internal static class WeComPlay
{
    /// <summary>Posts <paramref name="xml"/> as WeCom would to the command URL; true on a 2xx answer, false on any other answer or none.</summary>
    public static async Task<bool> PostAsync(HttpClient receiver, TestSuite suite, string xml)
    {
        try
        {
            using var request = SignedCallback.Post(suite, "command", xml).ToRequest();
            using var response = await receiver.SendAsync(request);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Sends a suite ticket, then one create_auth per corp with an auth code the emulator issued, and waits until the
    /// workers have exchanged every code (get_permanent_code answered ok). False when they did not within a minute.
    /// </summary>
    public static async Task<bool> AuthorizeAsync(HttpClient receiver, WeComEmulator wecom, IReadOnlyList<TestSuite> corps, string corpNamePrefix)
    {
        await PostAsync(receiver, corps[0], EventXml.SuiteTicket(corps[0], "ticket-" + corpNamePrefix));
        foreach (var corp in corps)
        {
            await PostAsync(receiver, corp, EventXml.CreateAuth(corp, await wecom.IssueAuthCodeAsync(corp.CorpId, corpNamePrefix + corp.CorpId)));
        }

        if (!await WaitAsync(async () => (await wecom.CallsAsync(WeComApis.PermanentCode)).Count(c => c.Errcode == 0) >= corps.Count, "the auth codes to be exchanged", 60))
        {
            Console.Error.WriteLine("the workers did not exchange the auth codes: are they running with WeCom:ApiBaseUrl at the emulator?");
            return false;
        }

        await Task.Delay(TimeSpan.FromSeconds(1)); // the permanent codes are stored right after the exchange
        return true;
    }

    /// <summary>True once <paramref name="condition"/> holds; false (and the reason on stderr) after <paramref name="seconds"/>.</summary>
    public static async Task<bool> WaitAsync(Func<Task<bool>> condition, string what, int seconds)
    {
        try
        {
            await Eventually.HoldsAsync(condition, what, timeout: TimeSpan.FromSeconds(seconds));
            return true;
        }
        catch (TimeoutException e)
        {
            Console.Error.WriteLine(e.Message);
            return false;
        }
    }
}
