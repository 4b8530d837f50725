using System.CommandLine;
using System.CommandLine.Invocation;
using Spectre.Console;
using WeComGateway.Cli.Commands;

namespace WeComGateway.Cli;

/// <summary>The <c>wecomgw</c> command tree and its exit-code policy (0 ok, 1 failed answer, 2 bad usage).</summary>
internal static class WeComGatewayCli
{
    public static RootCommand CreateRootCommand(CliContext context) =>
        new("wecomgw: developer and operator tools for the WeCom callback gateway")
        {
            TriggerCommand.Create(context),
            VerifyUrlCommand.Create(context),
            RulesCommand.Create(context),
            DlqCommand.Create(context),
            RedisCommand.Create(context),
            CorpsCommand.Create(context),
            FissionCommand.Create(context),
            StoresCommand.Create(context),
            GroupsCommand.Create(context),
            LeadsCommand.Create(context),
            ChannelsCommand.Create(context),
            CampaignsCommand.Create(context),
            MomentsCommand.Create(context),
            WebhooksCommand.Create(context),
        };

    public static async Task<int> InvokeAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken = default)
    {
        var parseResult = CreateRootCommand(context).Parse(args);
        if (parseResult.Action is ParseErrorAction)
        {
            foreach (var error in parseResult.Errors)
            {
                context.Error.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
            }

            var command = parseResult.CommandResult.Command;
            var path = command is RootCommand ? "wecomgw" : $"wecomgw {command.Name}";
            context.Error.MarkupLineInterpolated($"Run '{path} --help' for usage.");
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration
        {
            Output = context.Out.Profile.Out.Writer,
            Error = context.Error.Profile.Out.Writer,
        };
        return await parseResult.InvokeAsync(configuration, cancellationToken);
    }
}
