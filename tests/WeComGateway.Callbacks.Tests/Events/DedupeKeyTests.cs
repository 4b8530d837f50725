using WeComGateway.Contracts;
using static WeComGateway.Callbacks.Tests.CallbackSamples;

namespace WeComGateway.Callbacks.Tests;

public sealed class DedupeKeyTests
{
    [Fact]
    public void The_dedupe_key_is_the_lower_case_hex_SHA256_of_the_UTF8_plaintext()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", CallbackEventParser.ComputeDedupeKey("abc"));
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", CallbackEventParser.ComputeDedupeKey(""));
        Assert.Equal("670d9743542cae3ea7ebe36af56bd53648b0a1126162e78d81a32934a711302e", CallbackEventParser.ComputeDedupeKey("你好"));
        Assert.Equal("670d9743542cae3ea7ebe36af56bd53648b0a1126162e78d81a32934a711302e", CallbackEventParser.ComputeDedupeKey("你好"u8));
    }

    [Fact]
    public void Every_retry_of_one_callback_has_the_same_key()
    {
        var first = Parse(OfficialAddExternalContact);
        var retry = CallbackEventParser.Parse(OfficialAddExternalContact, Context with { ReceivedAt = ReceivedAt.AddSeconds(5) });

        Assert.Equal(first.Event.DedupeKey, retry.Event.DedupeKey);
    }

    [Fact]
    public void Two_customers_added_in_the_same_second_have_different_keys()
    {
        var first = Parse(OfficialAddExternalContact);
        var second = Parse(OfficialAddExternalContact.Replace("woAJ2GCAAAXtWyujaWJHDDGi0mACH71w", "woAJ2GCAAAXtWyujaWJHDDGi0mACH71x", StringComparison.Ordinal));

        Assert.Equal(first.Event.EventTime, second.Event.EventTime);
        Assert.NotEqual(first.Event.DedupeKey, second.Event.DedupeKey);
    }

    [Fact]
    public void Two_member_updates_in_the_same_second_have_different_keys()
    {
        var first = Parse(Command("change_contact", "<ChangeType>update_user</ChangeType><UserID>zhangsan</UserID><Position>A</Position>"));
        var second = Parse(Command("change_contact", "<ChangeType>update_user</ChangeType><UserID>zhangsan</UserID><Position>B</Position>"));

        Assert.IsType<DirectoryMemberUpdated>(first.Event);
        Assert.NotEqual(first.Event.DedupeKey, second.Event.DedupeKey);
    }
}
