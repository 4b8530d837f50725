namespace WeComGateway.Cli.Commands;

/// <summary>
/// The corp a command works on: <c>--corp-id</c> / <c>WECOMGW_CORP_ID</c>, the demo corp by default. One option for
/// every per-corp command, so one environment variable points the whole CLI at a corp.
/// </summary>
internal static class CorpIdOption
{
    public static EnvironmentOption Create(string description = "The corp (it must hold an active grant).") =>
        new("--corp-id", "WECOMGW_CORP_ID", SuiteOptions.DemoCorpId, description, "id", SuiteOptions.DemoCorpId);
}
