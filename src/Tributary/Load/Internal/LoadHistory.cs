using System.Text.Json;
using Tributary.Delta;

namespace Tributary.Load.Internal;

/// <summary>
/// The load record every load commit also writes into its commitInfo (a <c>tributary</c> entry with the batches and
/// regions), for people reading the history. It is not the source of truth (<see cref="LoadLedger"/> is): checkpoints
/// and log cleanup delete old commits. It is read only to carry a table written before the ledger existed over.
/// </summary>
internal static class LoadHistory
{
    /// <summary>The commitInfo member holding the load record.</summary>
    public const string CommitInfoKey = "tributary";

    /// <summary>The load records of <paramref name="appId"/> in a table's history, oldest first.</summary>
    public static async Task<IReadOnlyList<LoadRecord>> ReadAsync(DeltaTable? table, string appId, CancellationToken cancellationToken)
    {
        if (table is null)
        {
            return [];
        }

        var records = new List<LoadRecord>();
        foreach (var entry in await table.GetHistoryAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (entry.Raw.ValueKind != JsonValueKind.Object
                || !entry.Raw.TryGetProperty(CommitInfoKey, out var load)
                || load.ValueKind != JsonValueKind.Object
                || !load.TryGetProperty("appId", out var app)
                || app.GetString() != appId)
            {
                continue;
            }

            records.Add(new LoadRecord(
                load.GetProperty("loadId").GetInt64(),
                Strings(load, "batches"),
                Strings(load, "regions")));
        }

        records.Sort((a, b) => a.LoadId.CompareTo(b.LoadId));
        return records;
    }

    /// <summary>The commitInfo entries of a load commit.</summary>
    public static IReadOnlyDictionary<string, object?> ToCommitInfo(string appId, LoadRecord record, IReadOnlyDictionary<string, object?> metrics)
    {
        var load = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["appId"] = appId,
            ["loadId"] = record.LoadId,
            ["batches"] = record.Batches,
            ["regions"] = record.Regions,
        };
        foreach (var (key, value) in metrics)
        {
            load[key] = value;
        }

        return new Dictionary<string, object?>(StringComparer.Ordinal) { [CommitInfoKey] = load };
    }

    private static List<string> Strings(JsonElement load, string name) =>
        load.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToList()
            : [];
}
