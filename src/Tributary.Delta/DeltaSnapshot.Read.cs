using Tributary.Delta.Internal.Data;

namespace Tributary.Delta;

/// <summary>Reading the snapshot's rows.</summary>
public sealed partial class DeltaSnapshot
{
    /// <summary>
    /// Reads the rows of this version as batches (one per Parquet row group), with the partition columns filled in
    /// and columns missing from older files read as null. Files are skipped by partition values and stats when
    /// <see cref="DeltaReadOptions.Filter"/> is given.
    /// </summary>
    public IAsyncEnumerable<DeltaBatch> ReadAsync(DeltaReadOptions? options = null, CancellationToken cancellationToken = default) =>
        DataScanner.ReadAsync(Storage, Schema, PartitionColumns, Files, options, cancellationToken);

    /// <summary>
    /// The live data files that may hold rows matching <paramref name="filter"/> (all files when null): storage paths
    /// plus typed partition values, for engines that read the Parquet files themselves.
    /// </summary>
    public Task<IReadOnlyList<DeltaScanFile>> GetFilesAsync(DeltaPredicate? filter = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(DataScanner.Files(Files, Schema, PartitionColumns, filter));
    }

    /// <summary>Reads every row of this version into one batch (convenient for small tables and tests).</summary>
    public async Task<DeltaBatch> ReadAllAsync(DeltaReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        var batches = new List<DeltaBatch>();
        await foreach (var batch in ReadAsync(options, cancellationToken).ConfigureAwait(false))
        {
            batches.Add(batch);
        }

        var schema = options?.Columns is { } names
            ? new Schema.StructType(names.Select(n => DeltaPredicate.Resolve(Schema, n)).ToList())
            : Schema;
        return DeltaBatch.Concat(schema, batches);
    }
}
