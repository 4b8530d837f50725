using WeComGateway.Cli;

return await WeComGatewayCli.InvokeAsync(args, CliContext.ForProcess());
