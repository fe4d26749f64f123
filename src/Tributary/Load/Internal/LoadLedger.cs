using System.Text.Json;
using Tributary.Delta;

namespace Tributary.Load.Internal;

/// <summary>
/// Reads and writes the load bookkeeping kept in the Delta log: every load commit carries
/// <c>txn(appId, loadId)</c> and a <c>tributary</c> commitInfo entry listing the staging batches it consumed.
/// </summary>
internal static class LoadLedger
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
