using WeComGateway.Operations.DeadLetters;

namespace WeComGateway.Operations.Tests;

public class HeaderValuesTests
{
    [Fact]
    public void Strings_arrive_as_UTF8_bytes_and_read_as_text() =>
        Assert.Equal("爱水果 fault", HeaderValues.Text(new Dictionary<string, object?> { ["h"] = DeadLetterSamples.Bytes("爱水果 fault") }, "h"));

    [Theory]
    [InlineData(3)]
    [InlineData(3L)]
    [InlineData((short)3)]
    [InlineData("3")]
    public void Numbers_read_from_any_integer_type_or_text(object value) =>
        Assert.Equal(3, HeaderValues.Number(new Dictionary<string, object?> { ["n"] = value is string s ? DeadLetterSamples.Bytes(s) : value }, "n"));

    [Fact]
    public void A_missing_or_non_numeric_header_is_no_number()
    {
        var headers = new Dictionary<string, object?> { ["n"] = DeadLetterSamples.Bytes("three") };

        Assert.Null(HeaderValues.Number(headers, "n"));
        Assert.Null(HeaderValues.Number(headers, "absent"));
        Assert.Null(HeaderValues.Number(null, "n"));
    }

    [Fact]
    public void Times_read_from_ISO_text_AMQP_timestamps_and_DateTime()
    {
        var at = new DateTimeOffset(2026, 3, 1, 8, 0, 5, TimeSpan.Zero);
        var headers = new Dictionary<string, object?>
        {
            ["text"] = DeadLetterSamples.Bytes("2026-03-01T16:00:05+08:00"),
            ["amqp"] = DeadLetterSamples.Timestamp(at),
            ["clr"] = at.UtcDateTime,
            ["bad"] = DeadLetterSamples.Bytes("yesterday"),
        };

        Assert.Equal(at, HeaderValues.Time(headers, "text"));
        Assert.Equal(at, HeaderValues.Time(headers, "amqp"));
        Assert.Equal(at, HeaderValues.Time(headers, "clr"));
        Assert.Null(HeaderValues.Time(headers, "bad"));
    }

    [Fact]
    public void Every_header_shows_as_text_sorted_by_name_with_nested_values_inline()
    {
        var headers = new Dictionary<string, object?>
        {
            ["b-list"] = new List<object?> { DeadLetterSamples.Bytes("x"), 2 },
            ["a-table"] = new Dictionary<string, object?> { ["k"] = DeadLetterSamples.Bytes("v") },
            ["c-flag"] = true,
            ["d-null"] = null,
        };

        var shown = HeaderValues.AllAsText(headers);

        Assert.Equal(["a-table", "b-list", "c-flag", "d-null"], shown.Keys);
        Assert.Equal("{k=v}", shown["a-table"]);
        Assert.Equal("[x, 2]", shown["b-list"]);
        Assert.Equal("true", shown["c-flag"]);
        Assert.Equal(string.Empty, shown["d-null"]);
    }
}
