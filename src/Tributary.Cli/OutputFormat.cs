namespace Tributary.Cli;

/// <summary>How a command prints what it reports.</summary>
internal enum OutputFormat
{
    /// <summary>Lines for people.</summary>
    Text,

    /// <summary>One JSON document for scripts.</summary>
    Json,
}
