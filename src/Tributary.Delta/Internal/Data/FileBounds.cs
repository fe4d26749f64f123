using System.Globalization;
using System.Text.Json;
using Tributary.Delta.Actions;
using Tributary.Delta.Schema;

namespace Tributary.Delta.Internal.Data;

/// <summary>
/// What an add action tells about its rows: exact values of partition columns, and min/max/null counts of
/// top-level data columns from its stats. Stats are parsed lazily, once.
/// </summary>
internal sealed class FileBounds : IColumnBounds
{
    private readonly AddFile _add;
    private readonly StructType _schema;
    private readonly IReadOnlyDictionary<string, object?> _partitionValues;
    private readonly HashSet<string> _partitionColumns;
    private Dictionary<string, ColumnBound>? _stats;
    private long? _numRecords;

    public FileBounds(AddFile add, StructType schema, IReadOnlyList<string> partitionColumns, IReadOnlyDictionary<string, object?> partitionValues)
    {
        _add = add;
        _schema = schema;
        _partitionColumns = new HashSet<string>(partitionColumns, StringComparer.OrdinalIgnoreCase);
        _partitionValues = partitionValues;
    }

    public long? NumRecords
    {
        get
        {
            _ = Stats;
            return _numRecords;
        }
    }

    private Dictionary<string, ColumnBound> Stats => _stats ??= ParseStats();

    public bool TryGet(string column, out ColumnBound bound)
    {
        if (_partitionColumns.Contains(column))
        {
            var value = _partitionValues.FirstOrDefault(p => string.Equals(p.Key, column, StringComparison.OrdinalIgnoreCase)).Value;
            bound = value is null ? new ColumnBound(null, null, 1, 1) : new ColumnBound(value, value, 0, 1);
            return true;
        }

        return Stats.TryGetValue(column, out bound);
    }

    private Dictionary<string, ColumnBound> ParseStats()
    {
        var result = new Dictionary<string, ColumnBound>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrEmpty(_add.Stats))
        {
            return result;
        }

        try
        {
            using var document = JsonDocument.Parse(_add.Stats);
            var root = document.RootElement;
            if (root.TryGetProperty("numRecords", out var n) && n.ValueKind == JsonValueKind.Number)
            {
                _numRecords = n.GetInt64();
            }

            root.TryGetProperty("minValues", out var mins);
            root.TryGetProperty("maxValues", out var maxes);
            root.TryGetProperty("nullCount", out var nulls);
            foreach (var field in _schema.Fields)
            {
                if (_partitionColumns.Contains(field.Name) || field.Type is StructType)
                {
                    continue;
                }

                var min = Value(mins, field, isMax: false);
                var max = Value(maxes, field, isMax: true);
                long? nullCount = nulls.ValueKind == JsonValueKind.Object && nulls.TryGetProperty(field.Name, out var nc) && nc.ValueKind == JsonValueKind.Number
                    ? nc.GetInt64()
                    : null;
                if (min is not null || max is not null || nullCount is not null)
                {
                    result[field.Name] = new ColumnBound(min, max, nullCount, _numRecords);
                }
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or OverflowException)
        {
            // Unreadable stats are treated as absent: skipping is an optimisation, reading the file is always safe.
            result.Clear();
        }

        return result;
    }

    private static object? Value(JsonElement section, StructField field, bool isMax)
    {
        if (section.ValueKind != JsonValueKind.Object || !section.TryGetProperty(field.Name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var culture = CultureInfo.InvariantCulture;
        switch (field.Type)
        {
            case DecimalType d when Decimals.IsWide(d):
                return DeltaDecimal.Parse(element.GetRawText(), d.Precision, d.Scale);
            case DecimalType:
                return decimal.Parse(element.GetRawText(), NumberStyles.Float, culture);
            case PrimitiveType p:
                switch (p.Name)
                {
                    case "long": return element.GetInt64();
                    case "integer": return element.GetInt32();
                    case "short": return element.GetInt16();
                    case "byte": return element.GetSByte();
                    case "float": return element.ValueKind == JsonValueKind.Number ? element.GetSingle() : null;
                    case "double": return element.ValueKind == JsonValueKind.Number ? element.GetDouble() : null;
                    case "date": return DateOnly.ParseExact(element.GetString()!, "yyyy-MM-dd", culture);
                    case "timestamp":
                        // Writers cut timestamps to milliseconds (Spark without rounding the max up), so widen the max.
                        var t = DateTimeOffset.Parse(element.GetString()!, culture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
                        return isMax ? t.AddMilliseconds(1) : t;
                    case "string": return element.GetString();
                    default: return null;
                }

            default:
                return null;
        }
    }
}
