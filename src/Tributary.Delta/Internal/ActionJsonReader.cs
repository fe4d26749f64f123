using System.Text.Json;
using Tributary.Delta.Actions;

namespace Tributary.Delta.Internal;

/// <summary>
/// Reads newline-delimited action JSON (a commit file) with <see cref="Utf8JsonReader"/>, one action per line.
/// Unknown actions and unknown fields are skipped, as the protocol requires.
/// </summary>
internal static class ActionJsonReader
{
    private static readonly IReadOnlyDictionary<string, string?> NoPartitions = new Dictionary<string, string?>();
    private static readonly IReadOnlyDictionary<string, string> NoConfiguration = new Dictionary<string, string>();

    /// <summary>Reads every action of <paramref name="content"/>; <paramref name="source"/> names the file in errors.</summary>
    public static void Read(ReadOnlySpan<byte> content, string source, IActionVisitor visitor)
    {
        var lineNumber = 0;
        while (!content.IsEmpty)
        {
            lineNumber++;
            var end = content.IndexOf((byte)'\n');
            var line = end < 0 ? content : content[..end];
            content = end < 0 ? [] : content[(end + 1)..];
            if (line.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            try
            {
                ReadLine(line, visitor);
            }
            catch (Exception error) when (error is JsonException or InvalidOperationException or FormatException)
            {
                throw new DeltaException($"Invalid action in '{source}' line {lineNumber}: {error.Message}", error);
            }
        }
    }

    private static void ReadLine(ReadOnlySpan<byte> line, IActionVisitor visitor)
    {
        var reader = new Utf8JsonReader(line);
        Expect(ref reader, JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            if (name.SequenceEqual("add"u8))
            {
                ReadAdd(ref reader, visitor);
            }
            else if (name.SequenceEqual("remove"u8))
            {
                ReadRemove(ref reader, visitor);
            }
            else if (name.SequenceEqual("metaData"u8))
            {
                visitor.OnMetadata(ReadMetadata(ref reader));
            }
            else if (name.SequenceEqual("protocol"u8))
            {
                visitor.OnProtocol(ReadProtocol(ref reader));
            }
            else if (name.SequenceEqual("txn"u8))
            {
                visitor.OnTransaction(ReadTransaction(ref reader));
            }
            else if (name.SequenceEqual("domainMetadata"u8))
            {
                visitor.OnDomainMetadata(ReadDomain(ref reader));
            }
            else if (name.SequenceEqual("commitInfo"u8) && visitor.WantsCommitInfo)
            {
                using var document = JsonDocument.ParseValue(ref reader);
                visitor.OnCommitInfo(document.RootElement.Clone());
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ReadAdd(ref Utf8JsonReader reader, IActionVisitor visitor)
    {
        Expect(ref reader, JsonTokenType.StartObject, read: false);
        string? path = null, stats = null, dv = null;
        IReadOnlyDictionary<string, string?> partitions = NoPartitions;
        IReadOnlyDictionary<string, string>? tags = null;
        long size = 0, modificationTime = 0;
        var dataChange = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.ValueSpan;
            reader.Read();
            if (field.SequenceEqual("path"u8)) path = reader.GetString();
            else if (field.SequenceEqual("partitionValues"u8)) partitions = ReadNullableMap(ref reader);
            else if (field.SequenceEqual("size"u8)) size = ReadLong(ref reader);
            else if (field.SequenceEqual("modificationTime"u8)) modificationTime = ReadLong(ref reader);
            else if (field.SequenceEqual("dataChange"u8)) dataChange = ReadBool(ref reader, true);
            else if (field.SequenceEqual("stats"u8)) stats = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
            else if (field.SequenceEqual("tags"u8)) tags = ReadMap(ref reader);
            else if (field.SequenceEqual("deletionVector"u8)) dv = ReadDeletionVectorId(ref reader);
            else reader.Skip();
        }

        visitor.OnAdd(new AddFile(path ?? throw new FormatException("add has no path"), partitions, size, modificationTime, dataChange, stats, tags), dv);
    }

    private static void ReadRemove(ref Utf8JsonReader reader, IActionVisitor visitor)
    {
        Expect(ref reader, JsonTokenType.StartObject, read: false);
        string? path = null, stats = null, dv = null;
        IReadOnlyDictionary<string, string?>? partitions = null;
        IReadOnlyDictionary<string, string>? tags = null;
        long? size = null, deletionTimestamp = null;
        bool? extended = null;
        var dataChange = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.ValueSpan;
            reader.Read();
            if (field.SequenceEqual("path"u8)) path = reader.GetString();
            else if (field.SequenceEqual("deletionTimestamp"u8)) deletionTimestamp = ReadNullableLong(ref reader);
            else if (field.SequenceEqual("dataChange"u8)) dataChange = ReadBool(ref reader, true);
            else if (field.SequenceEqual("extendedFileMetadata"u8)) extended = reader.TokenType == JsonTokenType.Null ? null : reader.GetBoolean();
            else if (field.SequenceEqual("partitionValues"u8)) partitions = reader.TokenType == JsonTokenType.Null ? null : ReadNullableMap(ref reader);
            else if (field.SequenceEqual("size"u8)) size = ReadNullableLong(ref reader);
            else if (field.SequenceEqual("stats"u8)) stats = reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
            else if (field.SequenceEqual("tags"u8)) tags = ReadMap(ref reader);
            else if (field.SequenceEqual("deletionVector"u8)) dv = ReadDeletionVectorId(ref reader);
            else reader.Skip();
        }

        visitor.OnRemove(new RemoveFile(path ?? throw new FormatException("remove has no path"), deletionTimestamp, dataChange, extended, partitions, size, stats, tags), dv);
    }

    private static MetadataAction ReadMetadata(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, read: false);
        string? id = null, name = null, description = null, schema = null, provider = null;
        IReadOnlyList<string> partitionColumns = [];
        IReadOnlyDictionary<string, string> configuration = NoConfiguration;
        IReadOnlyDictionary<string, string>? options = null;
        long? createdTime = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.ValueSpan;
            reader.Read();
            if (field.SequenceEqual("id"u8)) id = reader.GetString();
            else if (field.SequenceEqual("name"u8)) name = reader.GetString();
            else if (field.SequenceEqual("description"u8)) description = reader.GetString();
            else if (field.SequenceEqual("schemaString"u8)) schema = reader.GetString();
            else if (field.SequenceEqual("partitionColumns"u8)) partitionColumns = ReadStringList(ref reader) ?? [];
            else if (field.SequenceEqual("configuration"u8)) configuration = ReadMap(ref reader) ?? NoConfiguration;
            else if (field.SequenceEqual("createdTime"u8)) createdTime = ReadNullableLong(ref reader);
            else if (field.SequenceEqual("format"u8) && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var formatField = reader.ValueSpan;
                    reader.Read();
                    if (formatField.SequenceEqual("provider"u8)) provider = reader.GetString();
                    else if (formatField.SequenceEqual("options"u8)) options = ReadMap(ref reader);
                    else reader.Skip();
                }
            }
            else reader.Skip();
        }

        return new MetadataAction(id ?? string.Empty, schema ?? string.Empty, partitionColumns, configuration, createdTime, name, description, provider ?? "parquet", options);
    }

    private static ProtocolAction ReadProtocol(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, read: false);
        int readerVersion = 0, writerVersion = 0;
        IReadOnlyList<string>? readerFeatures = null, writerFeatures = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.ValueSpan;
            reader.Read();
            if (field.SequenceEqual("minReaderVersion"u8)) readerVersion = reader.GetInt32();
            else if (field.SequenceEqual("minWriterVersion"u8)) writerVersion = reader.GetInt32();
            else if (field.SequenceEqual("readerFeatures"u8)) readerFeatures = ReadStringList(ref reader);
            else if (field.SequenceEqual("writerFeatures"u8)) writerFeatures = ReadStringList(ref reader);
            else reader.Skip();
        }

        return new ProtocolAction(readerVersion, writerVersion, readerFeatures, writerFeatures);
    }

    private static TransactionAction ReadTransaction(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, read: false);
        string? appId = null;
        long version = 0;
        long? lastUpdated = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.ValueSpan;
            reader.Read();
            if (field.SequenceEqual("appId"u8)) appId = reader.GetString();
            else if (field.SequenceEqual("version"u8)) version = ReadLong(ref reader);
            else if (field.SequenceEqual("lastUpdated"u8)) lastUpdated = ReadNullableLong(ref reader);
            else reader.Skip();
        }

        return new TransactionAction(appId ?? throw new FormatException("txn has no appId"), version, lastUpdated);
    }

    private static DomainMetadata ReadDomain(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, read: false);
        string? domain = null, configuration = null;
        var removed = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.ValueSpan;
            reader.Read();
            if (field.SequenceEqual("domain"u8)) domain = reader.GetString();
            else if (field.SequenceEqual("configuration"u8)) configuration = reader.GetString();
            else if (field.SequenceEqual("removed"u8)) removed = ReadBool(ref reader, false);
            else reader.Skip();
        }

        return new DomainMetadata(domain ?? throw new FormatException("domainMetadata has no domain"), configuration ?? string.Empty, removed);
    }

    /// <summary>A deletion vector's unique id: storageType + pathOrInlineDv, plus <c>@offset</c> when present.</summary>
    private static string? ReadDeletionVectorId(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        string? storage = null, pathOrInline = null;
        long? offset = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.ValueSpan;
            reader.Read();
            if (field.SequenceEqual("storageType"u8)) storage = reader.GetString();
            else if (field.SequenceEqual("pathOrInlineDv"u8)) pathOrInline = reader.GetString();
            else if (field.SequenceEqual("offset"u8)) offset = ReadNullableLong(ref reader);
            else reader.Skip();
        }

        return offset is null ? $"{storage}{pathOrInline}" : $"{storage}{pathOrInline}@{offset}";
    }

    private static Dictionary<string, string?> ReadNullableMap(ref Utf8JsonReader reader)
    {
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (reader.TokenType == JsonTokenType.Null)
        {
            return map;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            map[key] = ScalarAsString(ref reader);
        }

        return map;
    }

    private static Dictionary<string, string>? ReadMap(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            var value = ScalarAsString(ref reader);
            if (value is not null)
            {
                map[key] = value;
            }
        }

        return map;
    }

    private static List<string>? ReadStringList(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(ScalarAsString(ref reader) ?? string.Empty);
        }

        return list;
    }

    // Values of string maps are strings by the protocol; foreign writers sometimes put numbers or booleans.
    private static string? ScalarAsString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
        _ => SkipAsRaw(ref reader),
    };

    private static string SkipAsRaw(ref Utf8JsonReader reader)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }

    private static long ReadLong(ref Utf8JsonReader reader) => ReadNullableLong(ref reader) ?? 0;

    private static long? ReadNullableLong(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => long.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture),
        _ => reader.GetInt64(),
    };

    private static bool ReadBool(ref Utf8JsonReader reader, bool whenNull) =>
        reader.TokenType == JsonTokenType.Null ? whenNull : reader.GetBoolean();

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, bool read = true)
    {
        if (read)
        {
            reader.Read();
        }

        if (reader.TokenType != type)
        {
            throw new FormatException($"expected {type} but found {reader.TokenType}");
        }
    }
}
