using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Tributary.Delta.Schema;

namespace Tributary.Delta.Internal.Data;

/// <summary>
/// Collects Delta per-file statistics («Per-file Statistics»): numRecords, and minValues/maxValues/nullCount for
/// the first <c>delta.dataSkippingNumIndexedCols</c> leaf columns (arrays and maps count as one leaf and get only a
/// null count). Strings are cut to 32 characters with the max rounded up; timestamps are cut to milliseconds with
/// the max rounded up; float columns holding NaN or infinity get no min/max.
/// </summary>
internal sealed class StatsCollector
{
    public const int StringPrefixLength = 32;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly StructType _schema;
    private readonly Dictionary<string, LeafStats> _leaves = new(StringComparer.Ordinal);
    private readonly LeafStats?[] _topLevel;

    public StatsCollector(StructType dataSchema, int indexedColumns)
    {
        _schema = dataSchema;
        _topLevel = new LeafStats?[dataSchema.Fields.Count];
        var remaining = indexedColumns < 0 ? int.MaxValue : indexedColumns;
        for (var i = 0; i < dataSchema.Fields.Count && remaining > 0; i++)
        {
            var field = dataSchema.Fields[i];
            if (field.Type is StructType)
            {
                Register([field.Name], field.Type, ref remaining);
            }
            else
            {
                _topLevel[i] = Register([field.Name], field.Type, ref remaining);
            }
        }
    }

    public long NumRecords { get; set; }

    /// <summary>The top-level leaf columns that get stats, in schema order.</summary>
    public IEnumerable<StructField> TopLevelColumns => _schema.Fields.Where((_, i) => _topLevel[i] is not null);

    /// <summary>
    /// Records a whole file's min, max and null count of top-level column <paramref name="name"/>, computed elsewhere
    /// (another engine wrote the file). A non-finite floating min or max drops the column's min/max, as for rows.
    /// </summary>
    public void SetColumn(string name, object? min, object? max, long nullCount, bool poisoned)
    {
        var index = -1;
        for (var i = 0; i < _schema.Fields.Count && index < 0; i++)
        {
            index = string.Equals(_schema.Fields[i].Name, name, StringComparison.Ordinal) ? i : -1;
        }

        if (index < 0 || _topLevel[index] is not { } stats)
        {
            throw new ArgumentException($"Column '{name}' gets no stats in this table (not a top-level indexed leaf column).", nameof(name));
        }

        stats.NullCount = nullCount;
        if (poisoned || min is double or float && !IsFinite(min) || max is double or float && !IsFinite(max))
        {
            stats.Poison();
        }
        else if (stats.CollectMinMax && min is not null && max is not null)
        {
            stats.Offer(min, max);
        }
    }

    public void Add(DeltaBatch batch, int start, int count)
    {
        NumRecords += count;
        for (var c = 0; c < _schema.Fields.Count; c++)
        {
            var field = _schema.Fields[c];
            var column = batch.Columns[c];
            if (_topLevel[c] is { } stats)
            {
                AddTyped(stats, column, start, count);
            }
            else if (field.Type is StructType structType)
            {
                var values = (object?[])column;
                for (var r = start; r < start + count; r++)
                {
                    AddStruct([field.Name], structType, values[r] as IReadOnlyDictionary<string, object?>);
                }
            }
        }
    }

    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("numRecords", NumRecords);
            if (_leaves.Count > 0)
            {
                WriteSection(writer, "minValues", s => s.Min);
                WriteSection(writer, "maxValues", s => s.Max, isMax: true);
                WriteSection(writer, "nullCount", s => s.NullCount);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static bool IsFinite(object value) => value switch
    {
        double d => double.IsFinite(d),
        float f => float.IsFinite(f),
        _ => true,
    };

    private LeafStats? Register(string[] path, DeltaType type, ref int remaining)
    {
        if (type is StructType s)
        {
            foreach (var child in s.Fields)
            {
                if (remaining <= 0)
                {
                    break;
                }

                Register([.. path, child.Name], child.Type, ref remaining);
            }

            return null;
        }

        remaining--;
        var eligible = type is DecimalType || type is PrimitiveType { Name: "long" or "integer" or "short" or "byte" or "float" or "double" or "date" or "timestamp" or "string" };
        var stats = new LeafStats(path, type, eligible);
        _leaves[string.Join('\u0001', path)] = stats;
        return stats;
    }

    private void AddStruct(string[] path, StructType type, IReadOnlyDictionary<string, object?>? value)
    {
        foreach (var child in type.Fields)
        {
            string[] childPath = [.. path, child.Name];
            object? childValue = null;
            value?.TryGetValue(child.Name, out childValue);
            if (child.Type is StructType nested)
            {
                AddStruct(childPath, nested, childValue as IReadOnlyDictionary<string, object?>);
            }
            else if (_leaves.TryGetValue(string.Join('\u0001', childPath), out var stats))
            {
                if (childValue is null)
                {
                    stats.NullCount++;
                }
                else if (stats.CollectMinMax)
                {
                    if (childValue is double d && !double.IsFinite(d) || childValue is float f && !float.IsFinite(f))
                    {
                        stats.Poison();
                    }
                    else
                    {
                        stats.Offer(childValue, childValue);
                    }
                }
            }
        }
    }

    private static void AddTyped(LeafStats stats, Array column, int start, int count)
    {
        switch (column)
        {
            case long?[] a: MinMax(stats, a, start, count); break;
            case int?[] a: MinMax(stats, a, start, count); break;
            case short?[] a: MinMax(stats, a, start, count); break;
            case sbyte?[] a: MinMax(stats, a, start, count); break;
            case decimal?[] a: MinMax(stats, a, start, count); break;
            case DeltaDecimal?[] a: MinMax(stats, a, start, count); break;
            case DateOnly?[] a: MinMax(stats, a, start, count); break;
            case DateTimeOffset?[] a: MinMax(stats, a, start, count); break;
            case double?[] a: Floating(stats, a, start, count); break;
            case float?[] a: Floating(stats, a, start, count); break;
            case string?[] a: Strings(stats, a, start, count); break;
            default: Nulls(stats, column, start, count); break;
        }
    }

    private static void MinMax<T>(LeafStats stats, T?[] values, int start, int count)
        where T : struct, IComparable<T>
    {
        var nulls = 0L;
        var any = false;
        T min = default, max = default;
        for (var i = start; i < start + count; i++)
        {
            if (values[i] is not { } v)
            {
                nulls++;
                continue;
            }

            if (!any)
            {
                min = max = v;
                any = true;
            }
            else if (v.CompareTo(min) < 0)
            {
                min = v;
            }
            else if (v.CompareTo(max) > 0)
            {
                max = v;
            }
        }

        stats.NullCount += nulls;
        if (any)
        {
            stats.Offer(min, max);
        }
    }

    private static void Floating<T>(LeafStats stats, T?[] values, int start, int count)
        where T : struct, IComparable<T>, System.Numerics.IFloatingPointIeee754<T>
    {
        var nulls = 0L;
        var any = false;
        var poisoned = false;
        T min = default, max = default;
        for (var i = start; i < start + count; i++)
        {
            if (values[i] is not { } v)
            {
                nulls++;
                continue;
            }

            if (!T.IsFinite(v))
            {
                poisoned = true;
            }
            else if (!any)
            {
                min = max = v;
                any = true;
            }
            else if (v < min)
            {
                min = v;
            }
            else if (v > max)
            {
                max = v;
            }
        }

        stats.NullCount += nulls;
        if (poisoned)
        {
            stats.Poison();
        }
        else if (any)
        {
            stats.Offer(min, max);
        }
    }

    private static void Strings(LeafStats stats, string?[] values, int start, int count)
    {
        var nulls = 0L;
        string? min = null, max = null;
        for (var i = start; i < start + count; i++)
        {
            var v = values[i];
            if (v is null)
            {
                nulls++;
                continue;
            }

            if (min is null || ValueComparer.CompareCodePoints(v, min) < 0)
            {
                min = v;
            }

            if (max is null || ValueComparer.CompareCodePoints(v, max) > 0)
            {
                max = v;
            }
        }

        stats.NullCount += nulls;
        if (min is not null)
        {
            stats.Offer(min, max!);
        }
    }

    private static void Nulls(LeafStats stats, Array column, int start, int count)
    {
        var nulls = 0L;
        for (var i = start; i < start + count; i++)
        {
            if (column.GetValue(i) is null)
            {
                nulls++;
            }
        }

        stats.NullCount += nulls;
    }

    private void WriteSection(Utf8JsonWriter writer, string name, Func<LeafStats, object?> select, bool isMax = false)
    {
        var entries = _leaves.Values.Where(s => select(s) is not null).ToList();
        writer.WritePropertyName(name);
        WriteLevel(writer, entries, 0, select, isMax);
    }

    private static void WriteLevel(Utf8JsonWriter writer, List<LeafStats> entries, int depth, Func<LeafStats, object?> select, bool isMax)
    {
        writer.WriteStartObject();
        foreach (var group in entries.GroupBy(e => e.Path[depth], StringComparer.Ordinal))
        {
            writer.WritePropertyName(group.Key);
            var leaf = group.FirstOrDefault(e => e.Path.Count == depth + 1);
            if (leaf is not null)
            {
                WriteValue(writer, select(leaf)!, isMax);
            }
            else
            {
                WriteLevel(writer, group.ToList(), depth + 1, select, isMax);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, object value, bool isMax)
    {
        switch (value)
        {
            case long l: writer.WriteNumberValue(l); break;
            case int i: writer.WriteNumberValue(i); break;
            case short s: writer.WriteNumberValue(s); break;
            case sbyte b: writer.WriteNumberValue(b); break;
            case double d: writer.WriteNumberValue(d); break;
            case float f: writer.WriteNumberValue(f); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case DeltaDecimal m: writer.WriteRawValue(m.ToString(), skipInputValidation: true); break;
            case DateOnly date: writer.WriteStringValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case DateTimeOffset t: writer.WriteStringValue(FormatTimestamp(t, isMax)); break;
            case string s: writer.WriteStringValue(TruncateString(s, isMax)); break;
            default: writer.WriteNullValue(); break;
        }
    }

    /// <summary>Cuts to milliseconds; a max with sub-millisecond digits is rounded up so it stays an upper bound.</summary>
    public static string FormatTimestamp(DateTimeOffset value, bool roundUp)
    {
        var ticks = value.UtcTicks;
        var remainder = ticks % TimeSpan.TicksPerMillisecond;
        ticks -= remainder;
        if (roundUp && remainder != 0)
        {
            ticks += TimeSpan.TicksPerMillisecond;
        }

        return new DateTime(ticks, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>Keeps the first 32 characters; a cut max gets U+10FFFF appended so it stays above every value it covers.</summary>
    public static string TruncateString(string value, bool isMax)
    {
        if (value.Length <= StringPrefixLength)
        {
            return value;
        }

        var length = StringPrefixLength;
        if (char.IsHighSurrogate(value[length - 1]))
        {
            length--;
        }

        return isMax ? string.Concat(value.AsSpan(0, length), "\U0010FFFF") : value[..length];
    }
}
