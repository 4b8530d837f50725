namespace WeComGateway.Automation.Tests;

/// <summary>Operators copy from the README: its example must be a rule set the gateway accepts.</summary>
public sealed class ReadmeTests
{
    [Fact]
    public void The_full_example_in_the_README_parses()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "WeComGateway.Automation", "README.md"));
        var start = readme.IndexOf("```json", StringComparison.Ordinal);
        Assert.True(start >= 0, "the README has no ```json example");
        start += "```json".Length;
        var json = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];

        var rules = RuleSet.Parse(json);

        Assert.NotEmpty(rules.RuleIds);
        Assert.NotEmpty(rules.WelcomeTemplates);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "global.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No global.json above {AppContext.BaseDirectory}");
    }
}
