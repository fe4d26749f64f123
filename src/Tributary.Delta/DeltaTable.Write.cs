using System.Globalization;
using System.Text.Json;
using Tributary.Delta.Actions;
using Tributary.Delta.Internal.Data;
using Tributary.Delta.Schema;

namespace Tributary.Delta;

/// <summary>Machinery shared by the write operations.</summary>
public sealed partial class DeltaTable
{
    private static DeltaWriteResult? SkipIfRecorded(DeltaSnapshot snapshot, DeltaWriteOptions options)
    {
        if (options.AppTransaction is { } txn && snapshot.GetAppTransactionVersion(txn.AppId) is { } recorded && recorded >= txn.Version)
        {
            return new DeltaWriteResult
            {
                Version = snapshot.Version,
                Skipped = true,
                SkipReason = $"appId '{txn.AppId}' already committed version {recorded} (≥ {txn.Version}) at or before table version {snapshot.Version}; nothing was written.",
            };
        }

        return null;
    }

    /// <summary>Applies additive schema evolution for data of <paramref name="dataSchema"/>; returns the schema to write with.</summary>
    private static StructType EvolveSchema(DeltaTransaction transaction, StructType dataSchema, DeltaWriteOptions options)
    {
        var snapshot = transaction.ReadSnapshot;
        var merged = SchemaEvolution.Merge(snapshot.Schema, dataSchema, options.AllowSchemaEvolution);
        if (!ReferenceEquals(merged, snapshot.Schema))
        {
            transaction.SetMetadata(snapshot.Metadata with { SchemaString = DeltaSchemaJson.Serialize(merged) });
        }

        return merged;
    }

    private TableWriter CreateWriter(DeltaSnapshot snapshot, StructType schema, DeltaWriteOptions options, bool dataChange = true) =>
        new(Storage, schema, snapshot.PartitionColumns, DataWriteSettings.From(options, snapshot.Configuration, Options.TimeProvider, dataChange));

    private RemoveFile ToRemove(AddFile add, bool dataChange) =>
        new(add.Path, Options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds(), dataChange, true, add.PartitionValues, add.Size, add.Stats, add.Tags);

    private async IAsyncEnumerable<DeltaBatch> ReadFileAsync(AddFile add, StructType schema, IReadOnlyList<string> partitionColumns, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var values = DataScanner.TypedPartitionValues(add, schema, partitionColumns);
        await foreach (var batch in DataFileReader.ReadAsync(Storage, DeltaPaths.Decode(add.Path), schema, values, cancellationToken).ConfigureAwait(false))
        {
            yield return batch;
        }
    }

    private static async Task<DeltaWriteResult> CommitAsync(
        DeltaTransaction transaction,
        DeltaWriteOptions options,
        string operation,
        IReadOnlyDictionary<string, object?> parameters,
        DeltaWriteResult counts,
        CancellationToken cancellationToken)
    {
        if (options.AppTransaction is { } txn)
        {
            transaction.SetAppTransaction(txn.AppId, txn.Version);
        }

        var metrics = new Dictionary<string, object?>
        {
            ["numFiles"] = counts.FilesAdded.ToString(CultureInfo.InvariantCulture),
            ["numAddedFiles"] = counts.FilesAdded.ToString(CultureInfo.InvariantCulture),
            ["numRemovedFiles"] = counts.FilesRemoved.ToString(CultureInfo.InvariantCulture),
            ["numOutputRows"] = (counts.RowsInserted + counts.RowsUpdated + counts.RowsCopied).ToString(CultureInfo.InvariantCulture),
            ["numOutputBytes"] = transaction.Adds.Sum(a => a.Size).ToString(CultureInfo.InvariantCulture),
            ["numTargetRowsInserted"] = counts.RowsInserted.ToString(CultureInfo.InvariantCulture),
            ["numTargetRowsUpdated"] = counts.RowsUpdated.ToString(CultureInfo.InvariantCulture),
            ["numTargetRowsDeleted"] = counts.RowsDeleted.ToString(CultureInfo.InvariantCulture),
            ["numTargetRowsCopied"] = counts.RowsCopied.ToString(CultureInfo.InvariantCulture),
        };
        var extra = new Dictionary<string, object?> { ["operationMetrics"] = metrics };
        foreach (var (key, value) in options.CommitInfo ?? new Dictionary<string, object?>())
        {
            extra[key] = value;
        }

        var result = await transaction.CommitAsync(operation, parameters, extra, cancellationToken).ConfigureAwait(false);
        return result.Skipped
            ? new DeltaWriteResult { Version = result.Version, Skipped = true, SkipReason = result.SkipReason }
            : counts with { Version = result.Version };
    }

    private static string PartitionByJson(DeltaSnapshot snapshot) => JsonSerializer.Serialize(snapshot.PartitionColumns);

    /// <summary>Takes the first batch off a stream so that the schema is known before any file is written.</summary>
    private static async Task<(DeltaBatch? First, IAsyncEnumerator<DeltaBatch> Remaining)> PeekAsync(IAsyncEnumerable<DeltaBatch> batches, CancellationToken cancellationToken)
    {
        var enumerator = batches.GetAsyncEnumerator(cancellationToken);
        return await enumerator.MoveNextAsync().ConfigureAwait(false) ? (enumerator.Current, enumerator) : (null, enumerator);
    }

    private static async IAsyncEnumerable<DeltaBatch> Single(DeltaBatch batch)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield return batch;
    }
}
