namespace Tributary.Cli;

/// <summary>The process exit codes of every <c>tributary</c> command.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Ok = 0;

    /// <summary>The command ran and failed (bad data, bad configuration, an I/O or service error).</summary>
    public const int Failure = 1;

    /// <summary>The command line itself was wrong (unknown option, missing or malformed value).</summary>
    public const int Usage = 2;

    /// <summary><c>status</c>: the pipeline is unhealthy (lag, freshness or waiting batches over a threshold, quarantine growing).</summary>
    public const int Unhealthy = 3;
}
