using System.Globalization;
using System.Text;
using Tributary.Delta.Schema;

namespace Tributary.Delta.Internal.Data;

/// <summary>
/// Partition value strings («Partition Value Serialization»), Hive directory escaping and the second URI encoding
/// that Spark applies to <c>add.path</c>.
/// </summary>
internal static class PartitionValues
{
    public const string HiveDefaultPartition = "__HIVE_DEFAULT_PARTITION__";

    /// <summary>Formats a typed value as the string stored in <c>partitionValues</c>; null stays null.</summary>
    public static string? Format(DeltaType type, object? value)
    {
        if (value is null)
        {
            return null;
        }

        var culture = CultureInfo.InvariantCulture;
        return (type, value) switch
        {
            (_, string s) => s,
            (DecimalType d, DeltaDecimal m) => m.WithPrecision(DeltaDecimal.MaxPrecision, d.Scale).ToString(),
            (DecimalType d, decimal m) => decimal.Round(m, d.Scale).ToString("F" + d.Scale.ToString(culture), culture),
            (_, float f) => FormatFloating(f.ToString("R", culture)),
            (_, double f) => FormatFloating(f.ToString("R", culture)),
            (_, bool b) => b ? "true" : "false",
            (_, DateOnly d) => d.ToString("yyyy-MM-dd", culture),
            (_, DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", culture),
            (_, byte[] bytes) => Encoding.UTF8.GetString(bytes),
            (_, IFormattable f) => f.ToString(null, culture),
            _ => throw new DeltaSchemaException($"A {value.GetType().Name} value cannot be a partition value."),
        };
    }

    /// <summary>Parses a <c>partitionValues</c> string by the column type; null, empty and the Hive default partition are null.</summary>
    public static object? Parse(DeltaType type, string? text)
    {
        if (string.IsNullOrEmpty(text) || text == HiveDefaultPartition)
        {
            return null;
        }

        var culture = CultureInfo.InvariantCulture;
        return type switch
        {
            DecimalType d => Decimals.Parse(d, text),
            PrimitiveType p => p.Name switch
            {
                "string" => text,
                "long" => long.Parse(text, culture),
                "integer" => int.Parse(text, culture),
                "short" => short.Parse(text, culture),
                "byte" => sbyte.Parse(text, culture),
                "boolean" => bool.Parse(text),
                "float" => float.Parse(text, NumberStyles.Float, culture),
                "double" => double.Parse(text, NumberStyles.Float, culture),
                "date" => DateOnly.ParseExact(text, "yyyy-MM-dd", culture),
                "timestamp" => ParseTimestamp(text),
                "binary" => Encoding.UTF8.GetBytes(text),
                _ => throw new DeltaSchemaException($"Partition columns of type '{p.Name}' are not supported."),
            },
            _ => throw new DeltaSchemaException($"Partition columns of type '{ColumnTypes.Describe(type)}' are not supported."),
        };
    }

    /// <summary>
    /// Reads both timestamp forms: ISO-8601 with a zone (<c>2024-01-01T10:00:00.000000Z</c>) and the legacy
    /// zone-less <c>yyyy-MM-dd HH:mm:ss[.ffffff]</c>, which is read as UTC as the Delta Kernel does.
    /// </summary>
    public static DateTimeOffset ParseTimestamp(string text) =>
        Timestamps.TruncateToMicros(DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal));

    /// <summary>The Hive directory name of one partition: <c>col=escaped</c>, or the default partition for null.</summary>
    public static string DirectoryName(string column, string? value) =>
        EscapePathName(column) + "=" + (value is null ? HiveDefaultPartition : EscapePathName(value));

    /// <summary>Spark and Hive's <c>escapePathName</c>: control characters and <c>"#%'*/:=?\{[]^</c> become <c>%XX</c>.</summary>
    public static string EscapePathName(string value)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (NeedsEscape(c))
            {
                builder ??= new StringBuilder(value, 0, i, value.Length + 8);
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder?.Append(c);
            }
        }

        return builder?.ToString() ?? value;
    }

    /// <summary>
    /// Encodes a relative file path the way Spark stores <c>add.path</c> (Hadoop's <c>Path.toUri().toString()</c>):
    /// space, <c>%</c>, <c>#</c>, <c>?</c> and the like become <c>%XX</c>; <c>+ @ = : ; , $ &amp;</c> and non-ASCII letters stay.
    /// </summary>
    public static string EncodeLogPath(string relativePath) => DeltaPaths.Encode(relativePath);

    /// <summary>Decodes an <c>add.path</c> once: <c>%XX</c> sequences only, leaving <c>+</c> and raw non-ASCII alone.</summary>
    public static string DecodeLogPath(string logPath) => DeltaPaths.Decode(logPath);

    private static bool NeedsEscape(char c) =>
        c < 0x20 || c == 0x7F || c is '"' or '#' or '%' or '\'' or '*' or '/' or ':' or '=' or '?' or '\\' or '{' or '[' or ']' or '^';

    private static string FormatFloating(string text) =>
        text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) || text.Contains('N', StringComparison.Ordinal) || text.Contains('I', StringComparison.Ordinal)
            ? text
            : text + ".0";
}
