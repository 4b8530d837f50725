using System.CommandLine;
using Spectre.Console;
using WeComGateway.Cli.Events;
using WeComGateway.Cli.Output;
using WeComGateway.Cli.Signing;

namespace WeComGateway.Cli.Commands;

/// <summary>
/// <c>wecomgw verify-url</c>: plays WeCom's GET URL-verification handshake against the gateway. The echostr is a
/// random decimal sealed for the provider's corp id; the gateway passes when it answers 2xx with exactly that decimal.
/// </summary>
internal sealed class VerifyUrlCommand
{
    public const string Name = "verify-url";

    private readonly CliContext _context;
    private readonly SuiteOptions _suite = new();

    private readonly EnvironmentOption _providerCorpId = new(
        "--provider-corp-id", "WECOMGW_PROVIDER_CORP_ID", SuiteOptions.DemoProviderCorpId,
        "The service provider's corp id: WeCom seals it into every handshake.", "id", SuiteOptions.DemoProviderCorpId);

    private readonly Option<bool> _data = new("--data") { Description = "Verify the data URL instead of the command URL." };

    private readonly Option<string?> _receiveId = new("--receive-id")
    {
        Description = "Seal this receive id instead of the provider corp id (to watch the gateway refuse it).",
        HelpName = "id",
    };

    private VerifyUrlCommand(CliContext context) => _context = context;

    public static Command Create(CliContext context) => new VerifyUrlCommand(context).Build();

    private Command Build()
    {
        var command = new Command(Name, "Simulate WeCom's GET URL-verification handshake and check the echoed answer.");
        _suite.AddTo(command);
        command.Options.Add(_providerCorpId.Option);
        command.Options.Add(_data);
        command.Options.Add(_receiveId);
        command.SetAction((parseResult, cancellationToken) =>
            CommandRunner.RunAsync(_context, Name, () => RunAsync(parseResult, cancellationToken)));
        return command;
    }

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var suite = _suite.Resolve(parseResult, _context);
        var receiveId = parseResult.GetValue(_receiveId) ?? _providerCorpId.Resolve(parseResult, _context);
        var url = parseResult.GetValue(_data) ? suite.DataUrl : suite.CommandUrl;
        var echo = FreshValues.Echo();

        using var builder = new SignedCallbackBuilder(suite.Token, suite.EncodingAesKey, _context.Time);
        var target = builder.BuildEcho(echo, receiveId).AppendTo(url);
        if (parseResult.GetValue(_suite.Print))
        {
            ConsoleReport.Printed(_context.Out, $"decrypted echostr (receive id {receiveId})", echo, "GET", target, body: null);
            return ExitCodes.Success;
        }

        ConsoleReport.Request(_context.Out, Name, "GET", target, [("echostr plaintext", echo), ("receive id", receiveId)]);
        using var http = new CallbackHttp(_context, TimeSpan.FromSeconds(parseResult.GetValue(_suite.Timeout)));
        var answer = await http.GetAsync(target, cancellationToken);
        ConsoleReport.Answer(_context.Out, answer, parseResult.GetValue(_suite.Verbose));

        // WeCom accepts only the bare plaintext: no quotes, no BOM, no trailing newline.
        if (answer.IsSuccess && string.Equals(answer.Body, echo, StringComparison.Ordinal))
        {
            _context.Out.MarkupLine("[green]PASS[/] the gateway answered with the decrypted echostr");
            return ExitCodes.Success;
        }

        var why = answer.Error ?? (answer.IsSuccess
            ? $"expected the body to be exactly '{echo}' ({echo.Length} chars), got {answer.Body.Length} chars"
            : $"expected 2xx, got {answer.StatusCode}");
        _context.Out.MarkupLineInterpolated($"[red]FAIL[/] {why}");
        return ExitCodes.Failure;
    }
}
