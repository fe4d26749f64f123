using System.ComponentModel.DataAnnotations;

namespace Tributary.Configuration;

/// <summary>The load stage: curation SQL, tables and exactly-once settings (section <c>Load</c>).</summary>
public sealed class LoadOptions
{
    /// <summary>Where the staging batches are, relative to the data root.</summary>
    public string StagingPrefix { get; set; } = "staging/";

    /// <summary>The curated Delta table (one row per transaction line), relative to the data root.</summary>
    public string CuratedTable { get; set; } = "final/curated";

    /// <summary>The monthly sales summary Delta table, relative to the data root.</summary>
    public string SummaryTable { get; set; } = "final/sales_summary";

    /// <summary>The Delta table of staging rows that could not be curated, relative to the data root.</summary>
    public string RejectedTable { get; set; } = "final/rejected";

    /// <summary>
    /// The Delta table recording which staging batches each load consumed (the exactly-once ledger; it survives log
    /// cleanup of the final tables), relative to the data root.
    /// </summary>
    public string LedgerTable { get; set; } = "final/_load_ledger";

    /// <summary>
    /// A folder holding <c>curate.sql</c> and <c>sales_summary.sql</c> to use instead of the copies built into
    /// Tributary; <see langword="null"/> uses the built-in ones.
    /// </summary>
    public string? SqlFolder { get; set; }

    /// <summary>
    /// A folder holding <c>country_currency.csv</c>, <c>currency_rate.csv</c> and <c>discount_code.csv</c> to use
    /// instead of the built-in dimension tables; <see langword="null"/> uses the built-in ones.
    /// </summary>
    public string? DimensionsFolder { get; set; }

    /// <summary>
    /// The most staging batches one load consumes; the rest wait for the next load. Bounds a load's memory.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxBatchesPerLoad { get; set; } = 1000;

    /// <summary>
    /// The memory DuckDB may use while curating, writing data files, merging and querying, as DuckDB writes it
    /// (<c>2GB</c>, <c>512MB</c>); past it DuckDB spills to the load's cache folder. No rows of a load are held in
    /// .NET, so this bounds a load's memory (a 1,000,000-row load peaks near 2.2 GB RSS at 2GB). Empty leaves
    /// DuckDB's default (80% of RAM).
    /// </summary>
    public string? DuckDbMemoryLimit { get; set; } = "2GB";

    /// <summary>
    /// The most rows one curated data file holds. A load writes one file per partition it touches; a partition with
    /// more rows is split by a hash of the MERGE key. Smaller files make a MERGE rewrite less of a partition.
    /// </summary>
    [Range(1000, 100_000_000)]
    public long MaxRowsPerFile { get; set; } = 1_000_000;

    /// <summary>DuckDB worker threads; 0 leaves DuckDB's default (one per core).</summary>
    [Range(0, 256)]
    public int DuckDbThreads { get; set; }

    /// <summary>
    /// Where a load or query copies the objects DuckDB must read (staging batches, table files) when the object store
    /// is not a local folder; a fresh subfolder is made per step and deleted afterwards. Null uses the system temp folder.
    /// </summary>
    public string? CacheFolder { get; set; }

    /// <summary>
    /// The most a load step or query may copy into <see cref="CacheFolder"/>, in megabytes. A load from a remote store
    /// takes only as many staging batches as fit; a step that needs more fails with a message naming this key.
    /// </summary>
    [Range(1, 1_048_576)]
    public int MaxCacheMegabytes { get; set; } = 4096;
}
