using System.Text.Json.Nodes;
using WeComGateway.Contracts;

namespace WeComGateway.Callbacks.Tests;

/// <summary>
/// contracts/asyncapi.json and contracts/schemas/ are what teams in other languages generate code from and validate
/// against: they must be what <see cref="ContractDocument"/> makes of the records today. Set
/// <c>WECOMGW_UPDATE_CONTRACTS=1</c> to rewrite them instead of failing.
/// </summary>
public sealed class ContractDocumentTests
{
    private const string Regenerate =
        "WECOMGW_UPDATE_CONTRACTS=1 dotnet test tests/WeComGateway.Callbacks.Tests --filter FullyQualifiedName~ContractDocumentTests";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Generated = new(ContractDocument.Files);

    public static TheoryData<string> GeneratedPaths() => [.. Generated.Value.Keys];

    [Theory]
    [MemberData(nameof(GeneratedPaths))]
    public void The_checked_in_contract_file_is_what_the_records_generate(string path)
    {
        var file = Path.Combine(ContractsReadmeTests.RepositoryRoot(), path);
        var expected = Generated.Value[path];
        if (Environment.GetEnvironmentVariable("WECOMGW_UPDATE_CONTRACTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, expected);
        }

        var actual = File.Exists(file) ? File.ReadAllText(file).ReplaceLineEndings("\n") : null;

        Assert.True(actual == expected, $"{path} differs from what the records in WeComGateway.Contracts generate. Regenerate it: {Regenerate}");
    }

    [Fact]
    public void No_schema_is_left_for_a_record_that_is_gone()
    {
        var folder = Path.Combine(ContractsReadmeTests.RepositoryRoot(), ContractDocument.SchemaFolder);
        var stale = Directory.Exists(folder)
            ? Directory.GetFiles(folder).Select(f => $"{ContractDocument.SchemaFolder}/{Path.GetFileName(f)}").Where(p => !Generated.Value.ContainsKey(p)).ToList()
            : [];

        Assert.True(stale.Count == 0, $"Delete {string.Join(", ", stale)}: no record of MessageCatalogue has that name.");
    }

    [Fact]
    public void Required_members_are_required_and_nullable_ones_accept_null()
    {
        var schema = ContractDocument.Schema(typeof(LeadReassigned));
        var required = schema["required"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        var properties = schema["properties"]!.AsObject();

        Assert.Equal(["corpId", "leadId", "attempt", "fromUserId", "source", "maskedPhone", "returnedAt"], required);
        Assert.Equal("""["string","null"]""", properties["toUserId"]!["type"]!.ToJsonString());
        Assert.Equal("string", properties["fromUserId"]!["type"]!.GetValue<string>());
        Assert.Equal("date-time", properties["returnedAt"]!["format"]!.GetValue<string>());
        Assert.Equal("The employee who has it now, or null (see the type's summary).", properties["toUserId"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public void Inherited_callback_fields_are_described_and_decimals_are_strings_as_MassTransit_writes_them()
    {
        var added = ContractDocument.Schema(typeof(ExternalContactAdded))["properties"]!.AsObject();
        var purchase = ContractDocument.Schema(typeof(CustomerPurchaseRecorded))["properties"]!.AsObject();

        Assert.StartsWith("Lower-case hex SHA-256", added["dedupeKey"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("string", purchase["amount"]!["type"]!.GetValue<string>());
        Assert.Equal("array", purchase["categories"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void The_AsyncAPI_document_has_a_fanout_channel_per_exchange_sent_or_received_as_the_catalogue_says()
    {
        var document = JsonNode.Parse(Generated.Value[ContractDocument.AsyncApiPath])!;

        Assert.Equal("3.0.0", document["asyncapi"]!.GetValue<string>());
        Assert.All(MessageCatalogue.All, type =>
        {
            var channel = document["channels"]![type.Name]!;
            Assert.Equal(MessageCatalogue.ExchangeOf(type), channel["address"]!.GetValue<string>());
            Assert.Equal("fanout", channel["bindings"]!["amqp"]!["exchange"]!["type"]!.GetValue<string>());
            var action = MessageCatalogue.InboundFacts.Contains(type) ? "receive" : "send";
            Assert.Single(document["operations"]!.AsObject(), o => o.Value!["action"]!.GetValue<string>() == action &&
                o.Value["channel"]!["$ref"]!.GetValue<string>() == $"#/channels/{type.Name}");
        });
    }
}
