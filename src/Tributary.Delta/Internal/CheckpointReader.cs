using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Json;
using Parquet;
using Parquet.Data;
using Parquet.Serialization;
using Tributary.Delta.Actions;
using Tributary.Delta.Internal.Data;

namespace Tributary.Delta.Internal;

/// <summary>
/// Reads a classic or multi-part checkpoint part (Parquet, one action per row) into an <see cref="IActionVisitor"/>.
/// Columns absent from the file read as null, so checkpoints from any writer version load; a checkpoint that only
/// has <c>stats_parsed</c> gets its stats rendered back to JSON.
/// </summary>
internal static partial class CheckpointReader
{
    // BigDecimal keeps stats_parsed bounds of decimal(29..38) columns, which System.Decimal cannot hold.
    private static readonly ParquetOptions Options = new() { UseBigDecimal = true };

    public static async Task ReadAsync(IDeltaStorage storage, DeltaFileInfo file, IActionVisitor visitor, CancellationToken cancellationToken)
    {
        try
        {
            if (await CheckpointColumnReader.TryReadAsync(storage, file, visitor, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
        catch (Exception error) when (error is ParquetException or IOException or InvalidDataException or NotSupportedException or InvalidCastException)
        {
            throw new DeltaException($"Cannot read checkpoint '{file.Path}' in '{storage.Location}': {error.Message}", error);
        }

        await ReadRowsAsync(storage, file, visitor, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The general path: whole rows as dictionaries, for checkpoints the column reader does not take.</summary>
    internal static async Task ReadRowsAsync(IDeltaStorage storage, DeltaFileInfo file, IActionVisitor visitor, CancellationToken cancellationToken)
    {
        await using var raw = await storage.OpenReadAsync(file.Path, cancellationToken).ConfigureAwait(false);
        Stream stream = raw;
        if (!raw.CanSeek)
        {
            var memory = new MemoryStream();
            await raw.CopyToAsync(memory, cancellationToken).ConfigureAwait(false);
            memory.Position = 0;
            stream = memory;
        }

        IList<Dictionary<string, object>> rows;
        try
        {
            var result = await ParquetSerializer.DeserializeUntypedAsync(stream, Options, cancellationToken: cancellationToken).ConfigureAwait(false);
            rows = result.Data;
        }
        catch (Exception error) when (error is ParquetException or IOException or InvalidDataException or NotSupportedException)
        {
            throw new DeltaException($"Cannot read checkpoint '{file.Path}' in '{storage.Location}': {error.Message}", error);
        }

        var rowNumber = 0;
        foreach (var row in rows)
        {
            rowNumber++;
            try
            {
                Dispatch((IDictionary<string, object?>)(object)row, visitor);
            }
            catch (Exception error) when (error is InvalidCastException or FormatException or KeyNotFoundException)
            {
                throw new DeltaException($"Invalid action in checkpoint '{file.Path}' row {rowNumber}: {error.Message}", error);
            }
        }
    }

    private static void Dispatch(IDictionary<string, object?> row, IActionVisitor visitor)
    {
        if (Struct(row, "add") is { } add)
        {
            var stats = Text(add, "stats") ?? StatsFromParsed(Struct(add, "stats_parsed"));
            visitor.OnAdd(
                new AddFile(
                    Text(add, "path") ?? throw new FormatException("add has no path"),
                    NullableMap(add, "partitionValues") ?? new Dictionary<string, string?>(),
                    Long(add, "size") ?? 0,
                    Long(add, "modificationTime") ?? 0,
                    Bool(add, "dataChange") ?? false,
                    stats,
                    Map(add, "tags")),
                DeletionVectorId(Struct(add, "deletionVector")));
        }

        if (Struct(row, "remove") is { } remove)
        {
            visitor.OnRemove(
                new RemoveFile(
                    Text(remove, "path") ?? throw new FormatException("remove has no path"),
                    Long(remove, "deletionTimestamp"),
                    Bool(remove, "dataChange") ?? false,
                    Bool(remove, "extendedFileMetadata"),
                    NullableMap(remove, "partitionValues"),
                    Long(remove, "size"),
                    Text(remove, "stats"),
                    Map(remove, "tags")),
                DeletionVectorId(Struct(remove, "deletionVector")));
        }

        if (Struct(row, "metaData") is { } metadata)
        {
            var format = Struct(metadata, "format");
            visitor.OnMetadata(new MetadataAction(
                Text(metadata, "id") ?? string.Empty,
                Text(metadata, "schemaString") ?? string.Empty,
                List(metadata, "partitionColumns") ?? [],
                Map(metadata, "configuration") ?? new Dictionary<string, string>(),
                Long(metadata, "createdTime"),
                Text(metadata, "name"),
                Text(metadata, "description"),
                (format is null ? null : Text(format, "provider")) ?? "parquet",
                format is null ? null : Map(format, "options")));
        }

        if (Struct(row, "protocol") is { } protocol)
        {
            visitor.OnProtocol(new ProtocolAction(
                (int)(Long(protocol, "minReaderVersion") ?? 0),
                (int)(Long(protocol, "minWriterVersion") ?? 0),
                List(protocol, "readerFeatures"),
                List(protocol, "writerFeatures")));
        }

        if (Struct(row, "txn") is { } txn)
        {
            visitor.OnTransaction(new TransactionAction(Text(txn, "appId") ?? throw new FormatException("txn has no appId"), Long(txn, "version") ?? 0, Long(txn, "lastUpdated")));
        }

        if (Struct(row, "domainMetadata") is { } domain)
        {
            visitor.OnDomainMetadata(new DomainMetadata(Text(domain, "domain") ?? string.Empty, Text(domain, "configuration") ?? string.Empty, Bool(domain, "removed") ?? false));
        }
    }

    private static IDictionary<string, object?>? Struct(IDictionary<string, object?> parent, string name) =>
        parent.TryGetValue(name, out var value) ? value as IDictionary<string, object?> : null;

    private static string? Text(IDictionary<string, object?> parent, string name) =>
        parent.TryGetValue(name, out var value) ? AsString(value) : null;

    private static long? Long(IDictionary<string, object?> parent, string name) =>
        parent.TryGetValue(name, out var value) && value is not null ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : null;

    private static bool? Bool(IDictionary<string, object?> parent, string name) =>
        parent.TryGetValue(name, out var value) && value is bool b ? b : null;

    private static string? AsString(object? value) => value switch
    {
        null => null,
        string s => s,
        ReadOnlyMemory<char> m => m.ToString(),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static Dictionary<string, string?>? NullableMap(IDictionary<string, object?> parent, string name)
    {
        if (!parent.TryGetValue(name, out var value) || value is not IDictionary map)
        {
            return null;
        }

        var result = new Dictionary<string, string?>(map.Count, StringComparer.Ordinal);
        foreach (DictionaryEntry entry in map)
        {
            result[AsString(entry.Key)!] = AsString(entry.Value);
        }

        return result;
    }

    private static Dictionary<string, string>? Map(IDictionary<string, object?> parent, string name)
    {
        if (NullableMap(parent, name) is not { } map)
        {
            return null;
        }

        var result = new Dictionary<string, string>(map.Count, StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            if (value is not null)
            {
                result[key] = value;
            }
        }

        return result;
    }

    private static List<string>? List(IDictionary<string, object?> parent, string name)
    {
        if (!parent.TryGetValue(name, out var value) || value is null or string || value is not IEnumerable items)
        {
            return null;
        }

        var result = new List<string>();
        foreach (var item in items)
        {
            result.Add(AsString(item) ?? string.Empty);
        }

        return result;
    }

    private static string? DeletionVectorId(IDictionary<string, object?>? dv)
    {
        if (dv is null)
        {
            return null;
        }

        var offset = Long(dv, "offset");
        return offset is null ? $"{Text(dv, "storageType")}{Text(dv, "pathOrInlineDv")}" : $"{Text(dv, "storageType")}{Text(dv, "pathOrInlineDv")}@{offset}";
    }

    /// <summary>Renders <c>stats_parsed</c> back to the JSON stats string, so readers need one code path.</summary>
    private static string? StatsFromParsed(IDictionary<string, object?>? parsed)
    {
        if (parsed is null)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteStatsValue(writer, parsed);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteStatsValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case IDictionary<string, object?> fields:
                writer.WriteStartObject();
                foreach (var (key, child) in fields)
                {
                    if (child is not null)
                    {
                        writer.WritePropertyName(key);
                        WriteStatsValue(writer, child);
                    }
                }

                writer.WriteEndObject();
                break;
            case DateTime time when time.TimeOfDay == TimeSpan.Zero && time.Kind == DateTimeKind.Unspecified:
                writer.WriteStringValue(time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case DateTime time:
                writer.WriteStringValue(DateTime.SpecifyKind(time, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset time:
                writer.WriteStringValue(time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                break;
            case DateOnly date:
                writer.WriteStringValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case BigDecimal number:
                writer.WriteRawValue(Decimals.FromParquet(number).ToString(), skipInputValidation: true);
                break;
            default:
                ActionJsonWriter.WriteValue(writer, value is ReadOnlyMemory<char> m ? m.ToString() : value);
                break;
        }
    }
}
