using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Tributary.Delta.Actions;

namespace Tributary.Delta.Internal;

/// <summary>
/// Writes a commit: one compact JSON action per line, UTF-8 without BOM, commitInfo first, a newline after every
/// line (PROTOCOL-NOTES §3, §11).
/// </summary>
internal sealed class ActionJsonWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;

    public ActionJsonWriter()
    {
        _writer = new Utf8JsonWriter(_buffer, Options);
    }

    public ReadOnlyMemory<byte> ToMemory()
    {
        _writer.Flush();
        return _buffer.WrittenMemory;
    }

    public void WriteCommitInfo(IEnumerable<KeyValuePair<string, object?>> entries)
    {
        Begin("commitInfo");
        foreach (var (key, value) in entries)
        {
            _writer.WritePropertyName(key);
            WriteValue(_writer, value);
        }

        End();
    }

    public void WriteProtocol(ProtocolAction protocol)
    {
        Begin("protocol");
        _writer.WriteNumber("minReaderVersion", protocol.MinReaderVersion);
        _writer.WriteNumber("minWriterVersion", protocol.MinWriterVersion);
        if (protocol.ReaderFeatures is not null)
        {
            WriteList("readerFeatures", protocol.ReaderFeatures);
        }

        if (protocol.WriterFeatures is not null)
        {
            WriteList("writerFeatures", protocol.WriterFeatures);
        }

        End();
    }

    public void WriteMetadata(MetadataAction metadata)
    {
        Begin("metaData");
        _writer.WriteString("id", metadata.Id);
        if (metadata.Name is not null)
        {
            _writer.WriteString("name", metadata.Name);
        }

        if (metadata.Description is not null)
        {
            _writer.WriteString("description", metadata.Description);
        }

        _writer.WriteStartObject("format");
        _writer.WriteString("provider", metadata.FormatProvider);
        WriteMap("options", metadata.FormatOptions ?? new Dictionary<string, string>());
        _writer.WriteEndObject();
        _writer.WriteString("schemaString", metadata.SchemaString);
        WriteList("partitionColumns", metadata.PartitionColumns);
        WriteMap("configuration", metadata.Configuration);
        if (metadata.CreatedTime is { } created)
        {
            _writer.WriteNumber("createdTime", created);
        }

        End();
    }

    public void WriteTransaction(TransactionAction transaction)
    {
        Begin("txn");
        _writer.WriteString("appId", transaction.AppId);
        _writer.WriteNumber("version", transaction.Version);
        if (transaction.LastUpdated is { } updated)
        {
            _writer.WriteNumber("lastUpdated", updated);
        }

        End();
    }

    public void WriteAdd(AddFile add)
    {
        Begin("add");
        _writer.WriteString("path", add.Path);
        WriteNullableMap("partitionValues", add.PartitionValues);
        _writer.WriteNumber("size", add.Size);
        _writer.WriteNumber("modificationTime", add.ModificationTime);
        _writer.WriteBoolean("dataChange", add.DataChange);
        if (add.Stats is not null)
        {
            _writer.WriteString("stats", add.Stats);
        }

        if (add.Tags is not null)
        {
            WriteMap("tags", add.Tags);
        }

        End();
    }

    public void WriteRemove(RemoveFile remove)
    {
        Begin("remove");
        _writer.WriteString("path", remove.Path);
        if (remove.DeletionTimestamp is { } deleted)
        {
            _writer.WriteNumber("deletionTimestamp", deleted);
        }

        _writer.WriteBoolean("dataChange", remove.DataChange);
        if (remove.ExtendedFileMetadata is { } extended)
        {
            _writer.WriteBoolean("extendedFileMetadata", extended);
        }

        if (remove.PartitionValues is not null)
        {
            WriteNullableMap("partitionValues", remove.PartitionValues);
        }

        if (remove.Size is { } size)
        {
            _writer.WriteNumber("size", size);
        }

        if (remove.Stats is not null)
        {
            _writer.WriteString("stats", remove.Stats);
        }

        if (remove.Tags is not null)
        {
            WriteMap("tags", remove.Tags);
        }

        End();
    }

    /// <summary>Writes a CLR value as JSON: strings, booleans, numbers, dates, dictionaries, lists, or raw JSON.</summary>
    public static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d: writer.WriteNumberValue(d); break;
            case float f: writer.WriteNumberValue(f); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case DeltaDecimal m: writer.WriteRawValue(m.ToString(), skipInputValidation: true); break;
            case JsonElement element: element.WriteTo(writer); break;
            case DateTimeOffset t: writer.WriteStringValue(t.ToString("O", CultureInfo.InvariantCulture)); break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                writer.WriteStartObject();
                foreach (var (k, v) in map)
                {
                    writer.WritePropertyName(k);
                    WriteValue(writer, v);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable<KeyValuePair<string, string>> stringMap:
                writer.WriteStartObject();
                foreach (var (k, v) in stringMap)
                {
                    writer.WriteString(k, v);
                }

                writer.WriteEndObject();
                break;
            case System.Collections.IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private void Begin(string action)
    {
        _writer.WriteStartObject();
        _writer.WriteStartObject(action);
    }

    private void End()
    {
        _writer.WriteEndObject();
        _writer.WriteEndObject();
        _writer.Flush();
        _writer.Reset();
        _buffer.Write("\n"u8);
    }

    private void WriteList(string name, IEnumerable<string> values)
    {
        _writer.WriteStartArray(name);
        foreach (var value in values)
        {
            _writer.WriteStringValue(value);
        }

        _writer.WriteEndArray();
    }

    private void WriteMap(string name, IEnumerable<KeyValuePair<string, string>> map)
    {
        _writer.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            _writer.WriteString(key, value);
        }

        _writer.WriteEndObject();
    }

    private void WriteNullableMap(string name, IEnumerable<KeyValuePair<string, string?>> map)
    {
        _writer.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            if (value is null)
            {
                _writer.WriteNull(key);
            }
            else
            {
                _writer.WriteString(key, value);
            }
        }

        _writer.WriteEndObject();
    }
}
