using WeComGateway.Automation.Stores;

namespace WeComGateway.Automation.Tests.Stores;

public sealed class StoreLocatorTests
{
    // Shanghai: a customer at People's Square; Lujiazui ≈ 2.69 km east, Jing'an Temple ≈ 2.81 km west, Xujiahui ≈ 5.23 km south-west.
    private const double Lat = 31.2304;
    private const double Lng = 121.4737;

    private static readonly StorePlace Jingan = new("jingan", 31.2234, 121.4453, Open: true, Hours: null);
    private static readonly StorePlace Xujiahui = new("xujiahui", 31.1955, 121.4368, Open: true, Hours: null);
    private static readonly StorePlace Lujiazui = new("lujiazui", 31.2397, 121.4998, Open: true, Hours: null);
    private static readonly TimeOnly Noon = new(12, 0);

    [Fact]
    public void The_customer_gets_the_nearest_open_store()
    {
        var nearest = StoreLocator.Nearest([Xujiahui, Jingan, Lujiazui], Lat, Lng, Noon);

        Assert.Equal("lujiazui", nearest!.Store.Id);
        Assert.InRange(nearest.DistanceKm, 2.68, 2.70);
    }

    [Fact]
    public void A_store_closed_by_hand_is_skipped_for_the_next_nearest()
    {
        var nearest = StoreLocator.Nearest([Xujiahui, Lujiazui with { Open = false }, Jingan], Lat, Lng, Noon);

        Assert.Equal("jingan", nearest!.Store.Id);
    }

    [Theory]
    [InlineData("09:00-21:00", 12, 0, true)]
    [InlineData("09:00-21:00", 21, 0, false)] // closes at 21:00
    [InlineData("09:00-21:00", 8, 59, false)]
    [InlineData("20:00-02:00", 23, 30, true)] // past midnight
    [InlineData("20:00-02:00", 1, 59, true)]
    [InlineData("20:00-02:00", 12, 0, false)]
    [InlineData("9-21", 12, 0, false)] // unreadable hours: never open
    public void Opening_hours_decide_whether_a_store_is_open(string hours, int hour, int minute, bool open)
    {
        Assert.Equal(open, StoreLocator.IsOpenAt(Jingan with { Hours = hours }, new TimeOnly(hour, minute)));
    }

    [Fact]
    public void A_store_outside_its_opening_hours_is_skipped()
    {
        var nearest = StoreLocator.Nearest([Lujiazui with { Hours = "10:00-22:00" }, Jingan with { Hours = "09:00-21:00" }], Lat, Lng, new TimeOnly(9, 30));

        Assert.Equal("jingan", nearest!.Store.Id);
    }

    [Fact]
    public void Equally_near_stores_are_decided_by_store_id()
    {
        var east = new StorePlace("b-east", Lat, Lng + 0.01, true, null);
        var west = new StorePlace("a-west", Lat, Lng - 0.01, true, null);

        Assert.Equal("a-west", StoreLocator.Nearest([east, west], Lat, Lng, Noon)!.Store.Id);
        Assert.Equal("a-west", StoreLocator.Nearest([west, east], Lat, Lng, Noon)!.Store.Id);
    }

    [Fact]
    public void No_store_within_the_maximum_distance_means_none()
    {
        Assert.Null(StoreLocator.Nearest([Xujiahui, Lujiazui, Jingan], Lat, Lng, Noon, maxDistanceKm: 2));
        Assert.Equal("lujiazui", StoreLocator.Nearest([Xujiahui, Jingan, Lujiazui], Lat, Lng, Noon, maxDistanceKm: 2.7)!.Store.Id);
    }

    [Fact]
    public void No_open_store_means_none()
    {
        Assert.Null(StoreLocator.Nearest([Jingan with { Open = false }], Lat, Lng, Noon));
        Assert.Null(StoreLocator.Nearest([], Lat, Lng, Noon));
    }

    [Fact]
    public void The_distance_is_great_circle()
    {
        // Beijing (39.9042, 116.4074) to Shanghai (31.2304, 121.4737): about 1068 km.
        Assert.InRange(StoreLocator.DistanceKm(39.9042, 116.4074, 31.2304, 121.4737), 1060, 1075);
        Assert.Equal(0, StoreLocator.DistanceKm(Lat, Lng, Lat, Lng));
    }

    [Fact]
    public void A_position_off_the_globe_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StoreLocator.Nearest([Jingan], 91, Lng, Noon));
    }
}
