using WeComGateway.Cli.Events;
using WeComGateway.Cli.Tests.Support;

namespace WeComGateway.Cli.Tests;

/// <summary>Help, list and bad usage: none of these touch the crypto or the network.</summary>
public class UsageTests
{
    [Fact]
    public async Task Trigger_help_names_every_event_and_exits_0()
    {
        var result = await CliRun.RunAsync("trigger", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.All(EventCatalog.Names, name => Assert.Contains(name, result.Output, StringComparison.Ordinal));
        Assert.Contains("--repeat", result.Output, StringComparison.Ordinal);
        Assert.Contains("WECOMGW_TOKEN", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_per_corp_command_takes_the_corp_the_same_way()
    {
        var root = WeComGatewayCli.CreateRootCommand(CliContext.ForWriters(TextWriter.Null, TextWriter.Null));
        var perCorp = new[] { "fission", "leads", "channels", "stores", "groups", "moments", "campaigns", "webhooks" };

        var leaves = root.Subcommands.Where(c => perCorp.Contains(c.Name)).SelectMany(Leaves).ToList();

        Assert.True(leaves.Count >= 20, $"found {leaves.Count} per-corp commands");
        Assert.All(leaves, leaf =>
        {
            Assert.Contains(leaf.Options, o => o.Name == "--corp-id");
            Assert.DoesNotContain(leaf.Arguments, a => a.Name == "CORP");
        });
    }

    private static IEnumerable<System.CommandLine.Command> Leaves(System.CommandLine.Command command) =>
        command.Subcommands.Count == 0 ? [command] : command.Subcommands.SelectMany(Leaves);

    [Fact]
    public async Task Redis_migrate_without_a_reachable_Redis_fails_with_exit_1_and_never_prints_the_password()
    {
        var environment = new Dictionary<string, string> { ["WECOMGW_REDIS"] = "127.0.0.1:1,connectTimeout=300,password=RealProductionPassword" };

        var help = await CliRun.RunAsync(environment, "redis", "migrate", "--help");
        var result = await CliRun.RunAsync(environment, "redis", "migrate");

        Assert.Equal((0, 1), (help.ExitCode, result.ExitCode));
        Assert.Contains("WECOMGW_REDIS", help.Output, StringComparison.Ordinal);
        Assert.Contains("error:", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("RealProduction", help.All + result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_never_prints_a_token_taken_from_the_environment()
    {
        var environment = new Dictionary<string, string> { ["WECOMGW_TOKEN"] = "RealProductionToken", ["WECOMGW_AES_KEY"] = "RealProductionKey" };

        var result = await CliRun.RunAsync(environment, "trigger", "--help");

        Assert.DoesNotContain("RealProduction", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_describes_every_event_with_its_WeCom_kind()
    {
        var result = await CliRun.RunAsync("trigger", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.All(EventCatalog.All, descriptor =>
        {
            Assert.Contains(descriptor.Name, result.Output, StringComparison.Ordinal);
            Assert.Contains(descriptor.Kind, result.Output, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("trigger", "contact-renamed")]
    [InlineData("trigger")]
    [InlineData()]
    [InlineData("trigger", "contact-added", "--repeat", "0")]
    [InlineData("trigger", "contact-added", "--count", "abc")]
    [InlineData("trigger", "contact-added", "--shape", "json")]
    [InlineData("trigger", "contact-added", "--no-such-option")]
    [InlineData("trigger", "transfer-failed", "--fail-reason", "customer_bored")]
    [InlineData("trigger", "corp-tag-created", "--tag-type", "label")]
    [InlineData("trigger", "change-app-admin", "--agent-id", "0")]
    [InlineData("trigger", "member-left", "--quit-scene", "abc")]
    public async Task Unparseable_command_lines_are_bad_usage(params string[] args)
    {
        var result = await CliRun.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error:", result.Error, StringComparison.Ordinal);
        Assert.Contains("--help", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("suite-ticket", "event", "InfoType shape")]
    [InlineData("change-app-admin", "infotype", "Event shape")]
    public async Task A_shape_WeCom_does_not_send_the_event_in_is_bad_usage(string eventName, string shape, string only)
    {
        var result = await CliRun.RunAsync("trigger", eventName, "--shape", shape);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"only in the {only}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_event_of_the_catalogue_has_its_options_and_nothing_else_has()
    {
        Assert.Equal(EventCatalog.Names.Order(StringComparer.Ordinal), new Commands.TriggerEventOptions().Names.Order(StringComparer.Ordinal));
        Assert.Equal(EventCatalog.Names.Count(), EventCatalog.Names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task List_shows_the_events_under_their_groups_with_their_shapes()
    {
        var result = await CliRun.RunAsync("trigger", "list");

        Assert.All(EventCatalog.All.Select(descriptor => descriptor.Group).Distinct(), group => Assert.Contains(group, result.Output, StringComparison.Ordinal));
        Assert.Contains("infotype, event", result.Output, StringComparison.Ordinal);
        var appAdmin = Assert.Single(result.Output.Split('\n'), line => line.Contains("change-app-admin", StringComparison.Ordinal));
        Assert.DoesNotContain("infotype", appAdmin, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("contact-added", "--chat", "wrChat01")]
    [InlineData("contact-added", "--tag-id", "etTag01")]
    [InlineData("order-paid", "--user", "lisi")]
    [InlineData("cancel-auth", "--state", "s1")]
    [InlineData("group-renamed", "--member", "wmJack")]
    public async Task An_option_of_another_event_is_bad_usage(string eventName, string option, string value)
    {
        var result = await CliRun.RunAsync("trigger", eventName, option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{option} does not apply to {eventName}", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_base_url_that_is_not_http_is_bad_usage()
    {
        var result = await CliRun.RunAsync("trigger", "contact-added", "--base-url", "localhost:5080");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--base-url", result.Error, StringComparison.Ordinal);
    }
}
