using System.Buffers;
using System.Text.Json;
using Tributary.Delta.Internal;

namespace Tributary.Delivery.Internal;

/// <summary>
/// The local delivery stream's journal of what it staged: before an object (a staging batch or an error-prefix
/// object) is written, one JSON line names the object and the stream positions of the records in it, and is flushed.
/// Objects are written all or nothing (temp file and rename), so after a crash a line whose object exists proves its
/// records are delivered, and a line whose object is missing proves they are not. A torn last line is cut off.
/// With <c>flushToDisk</c> each line is on the disk before the object is written, and so is the journal's own
/// directory entry when it is created, so a power loss keeps every line a crash would keep.
/// </summary>
internal sealed class DeliveryJournal : IDisposable
{
    private readonly ArrayBufferWriter<byte> _line = new(1024);
    private readonly bool _flushToDisk;
    private readonly FileStream _file;

    private DeliveryJournal(string path, bool flushToDisk, FileStream file)
    {
        Path = path;
        _flushToDisk = flushToDisk;
        _file = file;
    }

    public string Path { get; }

    /// <summary>Opens (or creates) the journal and returns the entries it holds.</summary>
    public static (DeliveryJournal Journal, List<DeliveryJournalEntry> Entries) Open(string path, bool flushToDisk)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        if (flushToDisk)
        {
            DurableFiles.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder);
        }

        var created = !File.Exists(path);
        var entries = new List<DeliveryJournalEntry>();
        long valid = 0;
        if (File.Exists(path))
        {
            var bytes = File.ReadAllBytes(path);
            while (valid < bytes.Length)
            {
                var newline = bytes.AsSpan((int)valid).IndexOf((byte)'\n');
                if (newline < 0 || TryParse(bytes.AsSpan((int)valid, newline)) is not { } entry)
                {
                    break;
                }

                entries.Add(entry);
                valid += newline + 1;
            }
        }

        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 1);
        if (file.Length > valid)
        {
            file.SetLength(valid);
        }

        file.Position = valid;
        if (flushToDisk && created)
        {
            DurableFiles.SyncDirectory(folder);
        }

        return (new DeliveryJournal(path, flushToDisk, file), entries);
    }

    /// <summary>Records that <paramref name="key"/> is about to be written with the records at <paramref name="positions"/>.</summary>
    public void Append(string key, IReadOnlyDictionary<string, SequenceRanges> positions)
    {
        _line.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_line))
        {
            writer.WriteStartObject();
            writer.WriteString("key"u8, key);
            writer.WriteStartObject("records"u8);
            foreach (var (shard, ranges) in positions)
            {
                writer.WriteStartArray(shard);
                foreach (var (from, to) in ranges.Ranges)
                {
                    writer.WriteStartArray();
                    writer.WriteNumberValue(from);
                    writer.WriteNumberValue(to);
                    writer.WriteEndArray();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        _line.Write("\n"u8);
        _file.Write(_line.WrittenSpan);
        Flush();
    }

    /// <summary>Empties the journal: every record it names is behind a checkpoint and will not be read again.</summary>
    public void Clear()
    {
        _file.SetLength(0);
        _file.Position = 0;
        Flush();
    }

    public void Dispose() => _file.Dispose();

    private void Flush()
    {
        if (_flushToDisk)
        {
            DurableFiles.SyncFile(_file);
        }
        else
        {
            _file.Flush(flushToDisk: false);
        }
    }

    private static DeliveryJournalEntry? TryParse(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            var key = root.GetProperty("key").GetString()!;
            var positions = new Dictionary<string, SequenceRanges>(StringComparer.Ordinal);
            foreach (var shard in root.GetProperty("records").EnumerateObject())
            {
                var ranges = positions[shard.Name] = new SequenceRanges();
                foreach (var range in shard.Value.EnumerateArray())
                {
                    ranges.AddRange(range[0].GetInt64(), range[1].GetInt64());
                }
            }

            return new DeliveryJournalEntry(key, positions);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException or ArgumentException)
        {
            return null;
        }
    }
}
