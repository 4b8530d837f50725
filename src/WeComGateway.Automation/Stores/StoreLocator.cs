using System.Globalization;

namespace WeComGateway.Automation.Stores;

/// <summary>A store as the locator sees it: where it is and whether it takes customers.</summary>
/// <param name="Open">False: closed by hand, whatever <paramref name="Hours"/> says.</param>
/// <param name="Hours">Daily opening hours <c>HH:mm-HH:mm</c> in local time (<c>20:00-02:00</c> runs past midnight); null = all day.</param>
public sealed record StorePlace(string Id, double Latitude, double Longitude, bool Open, string? Hours);

/// <summary>The store a customer is sent to and how far away it is (great-circle, kilometres).</summary>
public sealed record NearestStore(StorePlace Store, double DistanceKm);

/// <summary>
/// 区域扫码: the nearest open store to a customer's position. Distance is great-circle (haversine on a sphere of the
/// mean Earth radius); stores closed by hand or outside their opening hours at <c>localNow</c> are skipped, and so are
/// stores beyond <c>maxDistanceKm</c>. Distances are compared in whole metres; equally near stores are decided by
/// store id (ordinal), so the same position always gets the same store.
/// </summary>
public static class StoreLocator
{
    public const double EarthRadiusKm = 6371.0088;

    public static NearestStore? Nearest(
        IEnumerable<StorePlace> stores, double latitude, double longitude, TimeOnly localNow, double? maxDistanceKm = null)
    {
        ArgumentNullException.ThrowIfNull(stores);
        if (!IsPosition(latitude, longitude))
        {
            throw new ArgumentOutOfRangeException(nameof(latitude), "latitude must be within ±90 and longitude within ±180");
        }

        return stores
            .Where(s => IsOpenAt(s, localNow))
            .Select(s => new NearestStore(s, DistanceKm(latitude, longitude, s.Latitude, s.Longitude)))
            .Where(n => maxDistanceKm is not { } max || n.DistanceKm <= max)
            .OrderBy(n => Math.Round(n.DistanceKm * 1000, MidpointRounding.AwayFromZero))
            .ThenBy(n => n.Store.Id, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    public static bool IsPosition(double latitude, double longitude) =>
        double.IsFinite(latitude) && double.IsFinite(longitude) && Math.Abs(latitude) <= 90 && Math.Abs(longitude) <= 180;

    /// <summary>Haversine distance in kilometres.</summary>
    public static double DistanceKm(double lat1, double lng1, double lat2, double lng2)
    {
        var dLat = Radians(lat2 - lat1);
        var dLng = Radians(lng2 - lng1);
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2))
            + (Math.Cos(Radians(lat1)) * Math.Cos(Radians(lat2)) * Math.Sin(dLng / 2) * Math.Sin(dLng / 2));
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    public static bool IsOpenAt(StorePlace store, TimeOnly localNow)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!store.Open)
        {
            return false;
        }

        if (store.Hours is null)
        {
            return true;
        }

        if (!TryParseHours(store.Hours, out var opens, out var closes))
        {
            return false;
        }

        return opens <= closes
            ? localNow >= opens && localNow < closes
            : localNow >= opens || localNow < closes;
    }

    /// <summary><c>HH:mm-HH:mm</c>, the two times different.</summary>
    public static bool TryParseHours(string? hours, out TimeOnly opens, out TimeOnly closes)
    {
        opens = closes = default;
        var parts = hours?.Split('-') ?? [];
        return parts.Length == 2
            && TimeOnly.TryParseExact(parts[0].Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out opens)
            && TimeOnly.TryParseExact(parts[1].Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out closes)
            && opens != closes;
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;
}
