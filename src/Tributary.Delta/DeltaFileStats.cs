using Tributary.Delta.Internal.Data;
using Tributary.Delta.Schema;

namespace Tributary.Delta;

/// <summary>
/// Builds the <c>stats</c> of an <see cref="Actions.AddFile"/> for a data file another engine wrote (DuckDB's
/// <c>COPY</c>), from whole-file min, max and null counts, with the same rules as this library's own writer: only
/// the first <c>delta.dataSkippingNumIndexedCols</c> columns, strings cut to 32 characters (a cut max rounded up),
/// timestamps cut to milliseconds (the max rounded up), no min/max for a float column holding NaN or infinity.
/// </summary>
public sealed class DeltaFileStats
{
    private readonly StatsCollector _collector;

    /// <summary>Stats for a data file of <paramref name="snapshot"/>'s table (its data columns: the schema without the partition columns).</summary>
    public DeltaFileStats(DeltaSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var partitions = new HashSet<string>(snapshot.PartitionColumns, StringComparer.OrdinalIgnoreCase);
        var dataSchema = new StructType(snapshot.Schema.Fields.Where(f => !partitions.Contains(f.Name)).ToList());
        _collector = new StatsCollector(dataSchema, DataWriteSettings.From(new DeltaWriteOptions(), snapshot.Configuration, TimeProvider.System).IndexedColumns);
    }

    /// <summary>The top-level columns whose stats the table keeps, in schema order; others need not be set.</summary>
    public IReadOnlyList<StructField> Columns => _collector.TopLevelColumns.ToList();

    /// <summary>The number of rows in the file.</summary>
    public long NumRecords
    {
        get => _collector.NumRecords;
        set => _collector.NumRecords = value;
    }

    /// <summary>
    /// Sets one column's stats. Values are of the column's CLR type as <see cref="DeltaBatch"/> holds it (long, int,
    /// short, sbyte, float, double, decimal or <see cref="DeltaDecimal"/>, <see cref="DateOnly"/>,
    /// <see cref="DateTimeOffset"/>, string); null min/max (all values null, or unknown) writes only the null count.
    /// </summary>
    /// <param name="name">A column of <see cref="Columns"/>.</param>
    /// <param name="min">The smallest non-null value.</param>
    /// <param name="max">The largest non-null value.</param>
    /// <param name="nullCount">How many rows hold null.</param>
    /// <param name="hasNaN">True when a float column holds NaN (which min/max skip): min/max are then left out.</param>
    public void SetColumn(string name, object? min, object? max, long nullCount, bool hasNaN = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        _collector.SetColumn(name, min, max, nullCount, hasNaN);
    }

    /// <summary>The stats JSON, as <c>add.stats</c> holds it.</summary>
    public string ToJson() => _collector.ToJson();
}
