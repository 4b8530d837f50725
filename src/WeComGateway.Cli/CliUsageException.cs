namespace WeComGateway.Cli;

/// <summary>Bad usage found after parsing (a value the parser cannot judge alone). Becomes exit code 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
