using System.Buffers;
using System.Text;
using System.Text.Json;
using Tributary.Delta.Internal;
using Tributary.Ports;

namespace Tributary.Extract;

/// <summary>
/// Which source files were ingested and how far, so that each file is ingested exactly once. It is an append-only
/// journal (<c>extract.journal</c>, one JSON line per event) under <c>_state/ledger</c>: a line is written before a
/// file's first put and after every acknowledged put, with the stream position (last sequence number per shard)
/// known at that moment. After a crash, the records put after the last line are found by reading the stream from
/// those positions, so a rerun neither duplicates nor loses records. A torn last line is ignored and cut off.
/// With <c>flushToDisk</c> the journal's creation, its compaction and each line that starts, finishes or quarantines a
/// file are forced to the disk (each covering the progress lines written before it), so the ledger survives a power
/// loss as it survives a killed process. Progress lines are not synced one by one: a power loss may cut the journal
/// back to an earlier line, which is the state a crash right after that line leaves, and recovery then finds the
/// records put since by reading the stream from that line's positions, as it does after a crash. Only the line that
/// starts a file must be durable before the file's first put: without it a rerun would not know to look for them.
/// </summary>
public sealed class ExtractLedger : IDisposable
{
    private const int CompactAboveLines = 50_000;
    private readonly Dictionary<string, LedgerEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _tails = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> _line = new(512);
    private readonly bool _flushToDisk;
    private readonly string _path;
    private FileStream _journal;

    // Progress lines written since the last sync (with flushToDisk).
    private bool _unsynced;

    private ExtractLedger(string folder, bool flushToDisk)
    {
        _path = Path.Combine(folder, "extract.journal");
        _flushToDisk = flushToDisk;
        if (flushToDisk)
        {
            DurableFiles.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder);
        }

        var created = !File.Exists(_path);
        var (validLength, lines) = Load();
        _journal = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 1);
        if (flushToDisk && created)
        {
            DurableFiles.SyncDirectory(folder);
        }

        if (_journal.Length > validLength)
        {
            _journal.SetLength(validLength);
        }

        _journal.Position = validLength;
        if (lines > CompactAboveLines)
        {
            Compact();
        }
    }

    /// <summary>The last known stream position per shard: the sequence number of the last acknowledged put record.</summary>
    public IReadOnlyDictionary<string, string> Tails => _tails;

    /// <summary>All files the ledger knows, by key.</summary>
    public IReadOnlyDictionary<string, LedgerEntry> Entries => _entries;

    /// <summary>Opens (or creates) the ledger in <paramref name="folder"/> (normally <c>_state/ledger</c>).</summary>
    public static ExtractLedger Open(string folder, bool flushToDisk = true) => new(folder, flushToDisk);

    /// <summary>Whether this exact version of the file (same size and ETag) is finished (done or quarantined).</summary>
    public bool IsFinished(StoredObject file) =>
        _entries.TryGetValue(file.Key, out var e) && e.Size == file.Size && e.ETag == file.ETag && e.State != LedgerState.InProgress;

    /// <summary>Returns the entry of this exact version of the file, or <see langword="null"/> when it is new (or changed).</summary>
    public LedgerEntry? Find(StoredObject file) =>
        _entries.TryGetValue(file.Key, out var e) && e.Size == file.Size && e.ETag == file.ETag ? e : null;

    /// <summary>Records that ingestion of a file starts (before its first put).</summary>
    public void Start(StoredObject file) => Append(new LedgerEntry(file.Key, file.Size, file.ETag, LedgerState.InProgress, 0), sync: true);

    /// <summary>Records an acknowledged put: every record before <paramref name="next"/> is accounted for.</summary>
    public void Progress(StoredObject file, long next, IReadOnlyList<PutRecordResultEntry> acknowledged)
    {
        // The furthest record of each shard first (shards are few, and each result of one is usually the same string
        // instance), so that only those become strings and are looked up.
        var furthest = new List<PutRecordResultEntry>(4);
        foreach (var result in acknowledged)
        {
            if (result.ShardId is not { } shard || !result.HasSequenceNumber)
            {
                continue;
            }

            var at = furthest.Count - 1;
            while (at >= 0 && !ReferenceEquals(furthest[at].ShardId, shard) && !string.Equals(furthest[at].ShardId, shard, StringComparison.Ordinal))
            {
                at--;
            }

            if (at < 0)
            {
                furthest.Add(result);
            }
            else if (PutRecordResultEntry.CompareSequence(result, furthest[at]) > 0)
            {
                furthest[at] = result;
            }
        }

        foreach (var result in furthest)
        {
            var sequence = result.SequenceNumber!;
            if (!_tails.TryGetValue(result.ShardId!, out var known) || CompareSequence(sequence, known) > 0)
            {
                _tails[result.ShardId!] = sequence;
            }
        }

        Append(new LedgerEntry(file.Key, file.Size, file.ETag, LedgerState.InProgress, next), sync: false);
    }

    /// <summary>Records that a file was fully ingested.</summary>
    public void Done(StoredObject file, long records) => Append(new LedgerEntry(file.Key, file.Size, file.ETag, LedgerState.Done, records), sync: true);

    /// <summary>Records that a file was quarantined after <paramref name="next"/> records.</summary>
    public void Quarantined(StoredObject file, long next, string reason) =>
        Append(new LedgerEntry(file.Key, file.Size, file.ETag, LedgerState.Quarantined, next, reason), sync: true);

    /// <summary>Syncs the progress lines not yet synced (with <c>flushToDisk</c>) and closes the journal.</summary>
    public void Dispose()
    {
        if (_unsynced)
        {
            DurableFiles.SyncFile(_journal);
            _unsynced = false;
        }

        _journal.Dispose();
    }

    /// <summary>Compares Kinesis sequence numbers (decimal strings of any length) numerically.</summary>
    internal static int CompareSequence(string a, string b)
    {
        var x = a.AsSpan().TrimStart('0');
        var y = b.AsSpan().TrimStart('0');
        return x.Length != y.Length ? x.Length.CompareTo(y.Length) : x.SequenceCompareTo(y);
    }

    private void Append(LedgerEntry entry, bool sync)
    {
        _entries[entry.Key] = entry;
        _line.ResetWrittenCount();
        WriteLine(_line, entry, _tails);
        _journal.Write(_line.WrittenSpan);
        if (_flushToDisk && sync)
        {
            DurableFiles.SyncFile(_journal);
            _unsynced = false;
        }
        else
        {
            // In the page cache at least: a killed process loses nothing written here.
            _journal.Flush(flushToDisk: false);
            _unsynced = _flushToDisk;
        }
    }

    private static void WriteLine(IBufferWriter<byte> output, LedgerEntry entry, IReadOnlyDictionary<string, string>? tails)
    {
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteString("key"u8, entry.Key);
            writer.WriteNumber("size"u8, entry.Size);
            writer.WriteString("etag"u8, entry.ETag);
            writer.WriteString("state"u8, entry.State switch
            {
                LedgerState.Done => "done",
                LedgerState.Quarantined => "quarantined",
                _ => "inProgress",
            });
            writer.WriteNumber("next"u8, entry.Next);
            if (entry.Reason is not null)
            {
                writer.WriteString("reason"u8, entry.Reason);
            }

            if (tails is { Count: > 0 })
            {
                writer.WriteStartObject("tails"u8);
                foreach (var (shard, sequence) in tails)
                {
                    writer.WriteString(shard, sequence);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        output.Write("\n"u8);
    }

    private (long ValidLength, int Lines) Load()
    {
        if (!File.Exists(_path))
        {
            return (0, 0);
        }

        var bytes = File.ReadAllBytes(_path);
        long valid = 0;
        var lines = 0;
        var span = bytes.AsSpan();
        while (true)
        {
            var newline = span[(int)valid..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                break;
            }

            var line = span.Slice((int)valid, newline);
            if (!TryParse(line))
            {
                break;
            }

            valid += newline + 1;
            lines++;
        }

        return (valid, lines);
    }

    private bool TryParse(ReadOnlySpan<byte> line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line.ToArray());
            var root = doc.RootElement;
            var state = root.GetProperty("state").GetString() switch
            {
                "done" => LedgerState.Done,
                "quarantined" => LedgerState.Quarantined,
                _ => LedgerState.InProgress,
            };
            var entry = new LedgerEntry(
                root.GetProperty("key").GetString()!,
                root.GetProperty("size").GetInt64(),
                root.GetProperty("etag").GetString()!,
                state,
                root.GetProperty("next").GetInt64(),
                root.TryGetProperty("reason", out var reason) ? reason.GetString() : null);
            _entries[entry.Key] = entry;
            if (root.TryGetProperty("tails", out var tails))
            {
                foreach (var tail in tails.EnumerateObject())
                {
                    _tails[tail.Name] = tail.Value.GetString()!;
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    private void Compact()
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var entry in _entries.Values)
        {
            WriteLine(buffer, entry, _tails);
        }

        _journal.Dispose();
        Storage.Internal.TempFiles.WriteAllBytes(_path, buffer.WrittenSpan, _flushToDisk);
        _journal = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read, 1);
    }
}
