using MassTransit;
using WeComGateway.Contracts;

namespace WeComGateway.Callbacks.Tests;

/// <summary>
/// contracts/README.md is what other teams subscribe from, and <see cref="MessageCatalogue"/> is what the code uses:
/// the README must list every message of the catalogue in its table with its exchange, and only those; the catalogue
/// must hold every record of the contracts assembly.
/// </summary>
public sealed class ContractsReadmeTests
{
    /// <summary>The README's three tables, by the header of their first column.</summary>
    private const string CallbackTable = "message";
    private const string GatewayFactTable = "fact";
    private const string InboundFactTable = "command / fact";

    private static readonly Lazy<string[]> Lines = new(() => File.ReadAllLines(Path.Combine(RepositoryRoot(), "contracts", "README.md")));

    public static TheoryData<string, string> CatalogueEntries()
    {
        var entries = new TheoryData<string, string>();
        foreach (var (table, types) in Tables())
        {
            foreach (var type in types.OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                entries.Add(table, type.Name);
            }
        }

        return entries;
    }

    [Theory]
    [MemberData(nameof(CatalogueEntries))]
    public void Every_catalogue_message_is_in_its_README_table_with_its_exchange(string table, string name)
    {
        var type = MessageCatalogue.All.Single(t => t.Name == name);
        var row = Rows(table).FirstOrDefault(cells => Unquote(cells[0]) == name);

        Assert.True(row is not null, $"contracts/README.md has no row for {name} in the table \"{table} | exchange | …\"");
        Assert.Equal(MessageCatalogue.ExchangeOf(type), Unquote(row[1]));
        Assert.Equal($"WeComGateway.Contracts:{name}", Unquote(row[1]));
        Assert.False(string.IsNullOrWhiteSpace(row[2]), $"{name} has no source or occasion in the README");
    }

    [Theory]
    [InlineData(CallbackTable)]
    [InlineData(GatewayFactTable)]
    [InlineData(InboundFactTable)]
    public void Every_README_row_names_a_catalogue_message_of_that_table(string table)
    {
        var names = Tables().Single(t => t.Table == table).Types.Select(t => t.Name).ToHashSet();

        var unknown = Rows(table).Select(cells => Unquote(cells[0])).Where(n => !names.Contains(n)).ToList();

        Assert.Empty(unknown);
    }

    [Fact]
    public void The_catalogue_holds_every_record_of_the_contracts_assembly_once()
    {
        var records = typeof(WeComCallbackEvent).Assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false })
            .Select(t => t.FullName)
            .Order(StringComparer.Ordinal);

        Assert.Equal(records, MessageCatalogue.All.Select(t => t.FullName).Order(StringComparer.Ordinal));
        Assert.Equal(MessageCatalogue.All.Count, MessageCatalogue.All.Distinct().Count());
        Assert.All(MessageCatalogue.CallbackEvents, t => Assert.True(t.IsSubclassOf(typeof(WeComCallbackEvent)), t.Name));
        Assert.All(MessageCatalogue.GatewayFacts.Concat(MessageCatalogue.InboundFacts), t => Assert.False(t.IsSubclassOf(typeof(WeComCallbackEvent)), t.Name));
    }

    [Fact]
    public void The_exchange_rule_is_MassTransits_message_name()
    {
        Assert.Equal(MessageUrn.Prefix, MessageCatalogue.MessageTypeUrnPrefix);
        Assert.All(MessageCatalogue.All, t => Assert.Equal(MessageUrn.ForTypeString(t), MessageCatalogue.MessageTypeUrnOf(t)));
    }

    private static IEnumerable<(string Table, IReadOnlyList<Type> Types)> Tables() =>
    [
        (CallbackTable, MessageCatalogue.CallbackEvents),
        (GatewayFactTable, MessageCatalogue.GatewayFacts),
        (InboundFactTable, MessageCatalogue.InboundFacts),
    ];

    /// <summary>The rows of the table whose header is "<paramref name="table"/> | exchange | …".</summary>
    private static List<string[]> Rows(string table)
    {
        var lines = Lines.Value;
        var header = Array.FindIndex(lines, l => Cells(l) is [var first, var second, ..] && first == table && second == "exchange");
        Assert.True(header >= 0, $"contracts/README.md has no table with columns {table} | exchange | …");

        return lines.Skip(header + 2).TakeWhile(l => l.TrimStart().StartsWith('|')).Select(Cells).ToList();
    }

    private static string[] Cells(string line) =>
        line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();

    private static string Unquote(string cell) => cell.Trim('`', ' ');

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WeComGateway.sln")) ||
                File.Exists(Path.Combine(dir.FullName, "WeComGateway.slnx")) ||
                File.Exists(Path.Combine(dir.FullName, "global.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No WeComGateway.sln or global.json above {AppContext.BaseDirectory}");
    }
}
