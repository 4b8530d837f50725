namespace WeComGateway.Storage.Claims;

/// <summary>The values both claim stores keep, and the arguments both refuse.</summary>
internal static class ClaimValues
{
    public static string Pending(string owner)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        return "pending:" + owner;
    }

    public static void CheckTtl(TimeSpan ttl) => ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.FromMilliseconds(1));
}
