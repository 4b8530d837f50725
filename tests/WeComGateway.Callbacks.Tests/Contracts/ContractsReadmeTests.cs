using WeComGateway.Contracts;

namespace WeComGateway.Callbacks.Tests;

/// <summary>contracts/README.md is what other teams subscribe from: it must list every record, and only real ones.</summary>
public sealed class ContractsReadmeTests
{
    private static readonly Lazy<IReadOnlyList<string[]>> Rows = new(ReadTableRows);

    public static TheoryData<string> ContractNames()
    {
        var names = new TheoryData<string>();
        foreach (var type in ContractTypes())
        {
            names.Add(type.Name);
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(ContractNames))]
    public void Every_contract_is_in_the_README_table_with_its_exchange(string name)
    {
        var row = Rows.Value.FirstOrDefault(cells => Unquote(cells[0]) == name);

        Assert.True(row is not null, $"contracts/README.md has no table row for {name}");
        Assert.Equal($"WeComGateway.Contracts:{name}", Unquote(row[1]));
        Assert.False(string.IsNullOrWhiteSpace(row[2]), $"{name} has no WeCom source in the README");
    }

    [Fact]
    public void Every_README_row_names_a_real_contract()
    {
        var names = ContractTypes().Select(t => t.Name).ToHashSet();

        var unknown = Rows.Value.Select(cells => Unquote(cells[0])).Where(n => !names.Contains(n)).ToList();

        Assert.Empty(unknown);
    }

    private static IEnumerable<Type> ContractTypes() =>
        typeof(WeComCallbackEvent).Assembly.GetExportedTypes()
            .Where(t => t.IsSubclassOf(typeof(WeComCallbackEvent)) && !t.IsAbstract)
            .OrderBy(t => t.Name, StringComparer.Ordinal);

    /// <summary>The rows of the message table: the one whose header starts with "message | exchange".</summary>
    private static IReadOnlyList<string[]> ReadTableRows()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "contracts", "README.md"));
        var header = Array.FindIndex(lines, l => Cells(l) is [var m, var e, ..] && m == "message" && e == "exchange");
        Assert.True(header >= 0, "contracts/README.md has no table with columns message | exchange | …");

        return lines.Skip(header + 2).TakeWhile(l => l.TrimStart().StartsWith('|')).Select(Cells).ToList();
    }

    private static string[] Cells(string line) =>
        line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();

    private static string Unquote(string cell) => cell.Trim('`', ' ');

    private static string RepositoryRoot()
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
