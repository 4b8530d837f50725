namespace WeComGateway.Cli;

internal static class ExitCodes
{
    /// <summary>Every answer was 2xx (or <c>--print</c> only printed).</summary>
    public const int Success = 0;

    /// <summary>An answer was not 2xx, the receiver was unreachable, or the URL check failed.</summary>
    public const int Failure = 1;

    /// <summary>Bad usage: unknown event or option, a value out of range, an invalid key.</summary>
    public const int Usage = 2;
}
