using System.Reflection;
using WeComGateway.Contracts;
using static WeComGateway.Callbacks.Tests.CallbackSamples;

namespace WeComGateway.Callbacks.Tests;

/// <summary>Every documented callback lands on its record whichever URL (and so whichever shape) it came through.</summary>
public sealed class EventRoutingTests
{
    [Theory]
    [MemberData(nameof(EventCatalogue.EveryCaseInBothShapes), MemberType = typeof(EventCatalogue))]
    public void Every_documented_callback_maps_to_its_record_in_both_shapes(Shape shape, string name)
    {
        var sample = EventCatalogue.Cases[name];
        var xml = sample.Xml(shape);

        var parsed = Parse(xml);

        Assert.IsType(sample.Expected, parsed.Event);
        Assert.Equal(sample.Kind, parsed.Kind);
        Assert.Equal(SuiteId, parsed.Event.SuiteId);
        Assert.Equal(sample.ExpectedCorpId(shape), parsed.Event.CorpId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(Time), parsed.Event.EventTime);
        Assert.Equal(ReceivedAt, parsed.Event.ReceivedAt);
        Assert.Equal(CallbackEventParser.ComputeDedupeKey(xml), parsed.Event.DedupeKey);
    }

    [Fact]
    public void Every_contract_record_is_produced_by_some_documented_callback()
    {
        var produced = EventCatalogue.Cases.Values.Select(c => c.Expected).ToHashSet();
        var contracts = typeof(WeComCallbackEvent).Assembly.GetExportedTypes()
            .Where(t => t.IsSubclassOf(typeof(WeComCallbackEvent)) && !t.IsAbstract)
            .Where(t => t != typeof(UnrecognizedCallbackReceived));

        Assert.Empty(contracts.Where(t => !produced.Contains(t)).Select(t => t.Name));
    }

    [Theory]
    [InlineData("create_auth", true)]
    [InlineData("change_auth", true)]
    [InlineData("cancel_auth", true)]
    [InlineData("reset_permanent_code", true)]
    [InlineData("suite_ticket", false)]
    [InlineData("corp_arch_auth", false)]
    public void Only_the_four_authorization_callbacks_must_be_answered_within_a_second(string root, bool urgent)
    {
        var sample = EventCatalogue.Cases.Values.First(c => c.Root == root);

        Assert.Equal(urgent, Parse(sample.Xml(Shape.InfoType)).IsAuthorizationEvent);
    }

    [Fact]
    public void The_data_URL_shape_dates_events_by_CreateTime()
    {
        var parsed = Parse(DataEvent("change_external_chat", "<ChatId>c</ChatId><ChangeType>dismiss</ChangeType>")
            .Replace($"<CreateTime>{Time}</CreateTime>", "<CreateTime>1700000000</CreateTime>", StringComparison.Ordinal));

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), parsed.Event.EventTime);
    }

    [Fact]
    public void Many_threads_parsing_at_once_each_get_their_own_event()
    {
        var samples = EventCatalogue.Cases.Values.Select(c => (c.Expected, Xml: c.Xml(Shape.InfoType))).ToArray();

        Parallel.For(0, 2_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var (expected, xml) = samples[i % samples.Length];
            Assert.IsType(expected, Parse(xml).Event);
        });
    }

    [Fact]
    public void Contract_records_have_no_public_constructor_arguments_so_serializers_can_build_them()
    {
        var withoutDefaultConstructor = typeof(WeComCallbackEvent).Assembly.GetExportedTypes()
            .Where(t => t.IsSubclassOf(typeof(WeComCallbackEvent)) && !t.IsAbstract)
            .Where(t => t.GetConstructor(BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is null);

        Assert.Empty(withoutDefaultConstructor);
    }
}
