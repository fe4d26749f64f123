using System.Diagnostics;
using Tributary.Delta;
using Tributary.Load.Internal;

namespace Tributary.Bench.Freshness;

/// <summary>
/// A reader of <c>curated</c> polling for new commits, the way a dashboard would: it notices a new version by the
/// log file appearing, then queries (DuckDB) the data files that version added for the source files they hold. Only
/// added files can hold rows of a file not seen before, so each poll costs a file check, and each commit one query
/// over its own files rather than the whole table.
/// </summary>
internal sealed class CuratedObserver : IDisposable
{
    private readonly string _tablePath;
    private readonly HashSet<string> _filesRead = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _firstSeen = new(StringComparer.Ordinal);
    private readonly DuckDbSession _session = DuckDbSession.Open(threads: 1);
    private long _version = -1;

    public CuratedObserver(string tablePath)
    {
        _tablePath = tablePath;
    }

    /// <summary>Source file name → the <see cref="Stopwatch"/> timestamp of the poll that first saw its rows.</summary>
    public IReadOnlyDictionary<string, long> FirstSeen => _firstSeen;

    /// <summary>Checks for a new version; when there is one, records the source files that became visible.</summary>
    public async Task PollAsync(CancellationToken cancellationToken)
    {
        var next = Path.Combine(_tablePath, "_delta_log", $"{_version + 1:D20}.json");
        if (!File.Exists(next))
        {
            return;
        }

        // Readers can see the rows from the moment the commit file exists; the query below is the observer's cost.
        var seenAt = Stopwatch.GetTimestamp();
        var storage = new LocalDeltaStorage(_tablePath);
        var table = await DeltaTable.OpenAsync(storage, cancellationToken: cancellationToken);
        var snapshot = await table.GetSnapshotAsync(cancellationToken: cancellationToken);
        var added = snapshot.Files.Select(DeltaSnapshot.GetStoragePath).Where(p => _filesRead.Add(p))
            .Select(p => Path.Combine(_tablePath, p).Replace("'", "''", StringComparison.Ordinal)).ToList();
        if (added.Count > 0)
        {
            var list = string.Join(", ", added.Select(p => $"'{p}'"));
            using var reader = _session.Read($"SELECT DISTINCT _source_file FROM read_parquet([{list}], union_by_name = true)");
            while (await reader.ReadAsync(cancellationToken))
            {
                _firstSeen.TryAdd(Path.GetFileName(reader.GetString(0)), seenAt);
            }
        }

        _version = snapshot.Version;
    }

    public void Dispose() => _session.Dispose();
}
