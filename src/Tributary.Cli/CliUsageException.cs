namespace Tributary.Cli;

/// <summary>
/// Thrown by a command when its arguments are valid for the parser but make no sense together; the process exits
/// with <see cref="ExitCodes.Usage"/>.
/// </summary>
internal sealed class CliUsageException(string message) : Exception(message);
