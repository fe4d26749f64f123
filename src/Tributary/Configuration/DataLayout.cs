namespace Tributary.Configuration;

/// <summary>The top-level folders (object-store key prefixes) of the data root. Stages use these, never literals.</summary>
public static class DataLayout
{
    /// <summary>Input files, as users or producers drop them.</summary>
    public const string Source = "source";

    /// <summary>Archived raw records written by the process stage.</summary>
    public const string Raw = "raw";

    /// <summary>Parquet micro-batches written by the deliver stage.</summary>
    public const string Staging = "staging";

    /// <summary>The Delta tables written by the load stage (<c>final/&lt;table&gt;/</c>).</summary>
    public const string Final = "final";

    /// <summary>Rejected files and records, with the reason.</summary>
    public const string Quarantine = "quarantine";

    /// <summary>Ledger, embedded stream logs and checkpoints.</summary>
    public const string State = "_state";

    /// <summary>All of them, in flow order.</summary>
    public static IReadOnlyList<string> All { get; } = [Source, Raw, Staging, Final, Quarantine, State];
}
