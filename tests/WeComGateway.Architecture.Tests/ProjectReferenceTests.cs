using System.Xml.Linq;

namespace WeComGateway.Architecture.Tests;

/// <summary>
/// docs/architecture.md says which project may reference which; the project files must agree. The table is the rule:
/// a new reference is a change to the document first.
/// </summary>
public sealed class ProjectReferenceTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlySet<string>>> Allowed = new(ReadAllowedReferences);

    public static TheoryData<string> ProductionProjects()
    {
        var data = new TheoryData<string>();
        foreach (var name in ProjectFiles().Keys.Order(StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ProductionProjects))]
    public void Project_references_only_what_docs_architecture_allows(string project)
    {
        Assert.True(Allowed.Value.TryGetValue(project, out var allowed), $"docs/architecture.md has no row for {project}");

        var forbidden = References(ProjectFiles()[project]).Where(r => !allowed.Contains(r)).ToList();

        Assert.True(forbidden.Count == 0, $"{project} references {string.Join(", ", forbidden)}, which docs/architecture.md does not allow");
    }

    [Fact]
    public void Every_project_in_the_table_exists()
    {
        var missing = Allowed.Value.Keys.Where(name => !ProjectFiles().ContainsKey(name)).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void The_receiver_depends_on_nothing_of_the_workers_side()
    {
        // The internet-facing host must not carry automation, operations or the WeCom client (issue 9: admin API moved).
        var receiver = ClosureOf("WeComGateway.Receiver");

        Assert.DoesNotContain("WeComGateway.Automation", receiver);
        Assert.DoesNotContain("WeComGateway.Operations", receiver);
        Assert.DoesNotContain("WeComGateway.WeComApi", receiver);
        Assert.DoesNotContain("WeComGateway.Workers", receiver);
    }

    [Fact]
    public void The_rule_itself_catches_a_forbidden_reference()
    {
        // Guards the parser: a reference outside the row must be reported, so the theory above can fail.
        var allowed = Allowed.Value["WeComGateway.Callbacks"];

        Assert.DoesNotContain("WeComGateway.Storage", allowed);
        Assert.Contains("WeComGateway.Contracts", allowed);
    }

    private static HashSet<string> ClosureOf(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var files = ProjectFiles();
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            foreach (var reference in References(files[next]).Where(seen.Add))
            {
                pending.Push(reference);
            }
        }

        return seen;
    }

    /// <summary>Every project under src/ and contracts/, by name.</summary>
    private static Dictionary<string, string> ProjectFiles() =>
        new[] { "src", "contracts" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), folder), "*.csproj", SearchOption.AllDirectories))
            .ToDictionary(path => Path.GetFileNameWithoutExtension(path), StringComparer.Ordinal);

    private static IEnumerable<string> References(string projectFile) =>
        XDocument.Load(projectFile).Descendants("ProjectReference")
            .Select(element => (string?)element.Attribute("Include") ?? string.Empty)
            .Select(include => Path.GetFileNameWithoutExtension(include.Replace('\\', '/')));

    /// <summary>The rows of the table whose header starts with "project | holds | may reference".</summary>
    private static Dictionary<string, IReadOnlySet<string>> ReadAllowedReferences()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "architecture.md"));
        var header = Array.FindIndex(lines, l => Cells(l) is [var p, var h, var r, ..] && p == "project" && h == "holds" && r == "may reference");
        Assert.True(header >= 0, "docs/architecture.md has no table with columns project | holds | may reference");

        return lines.Skip(header + 2)
            .TakeWhile(l => l.TrimStart().StartsWith('|'))
            .Select(Cells)
            .ToDictionary(
                cells => Unquote(cells[0]),
                cells => (IReadOnlySet<string>)cells[2].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(Unquote)
                    .Where(name => name is not ("—" or "-" or ""))
                    .ToHashSet(StringComparer.Ordinal),
                StringComparer.Ordinal);
    }

    private static string[] Cells(string line) => line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();

    /// <summary>Cells write names short (`Storage`) or whole (`WeComGateway.Storage`).</summary>
    private static string Unquote(string cell)
    {
        var name = cell.Trim('`', ' ');
        return name.Length == 0 || name is "—" or "-" || name.StartsWith("WeComGateway.", StringComparison.Ordinal) ? name : "WeComGateway." + name;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "WeComGateway.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("WeComGateway.sln not found above " + AppContext.BaseDirectory);
    }
}
