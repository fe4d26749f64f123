using System.Collections;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tributary.Load;

/// <summary>Writes a query result as a text table, CSV or JSON.</summary>
public static class QueryOutput
{
    /// <summary>Writes every row of <paramref name="reader"/> to <paramref name="output"/> and returns the row count.</summary>
    public static long Write(DbDataReader reader, TextWriter output, QueryOutputFormat format)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(output);
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        return format switch
        {
            QueryOutputFormat.Csv => WriteCsv(reader, output, names),
            QueryOutputFormat.Json => WriteJson(reader, output, names),
            _ => WriteTable(reader, output, names),
        };
    }

    private static long WriteTable(DbDataReader reader, TextWriter output, string[] names)
    {
        var rows = new List<string[]>();
        while (reader.Read())
        {
            var row = new string[names.Length];
            for (var i = 0; i < names.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? "NULL" : Text(reader.GetValue(i));
            }

            rows.Add(row);
        }

        var widths = names.Select((n, i) => rows.Aggregate(n.Length, (w, r) => Math.Max(w, r[i].Length))).ToArray();
        output.WriteLine(string.Join(" | ", names.Select((n, i) => n.PadRight(widths[i]))).TrimEnd());
        output.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            output.WriteLine(string.Join(" | ", row.Select((v, i) => v.PadRight(widths[i]))).TrimEnd());
        }

        output.WriteLine(rows.Count == 1 ? "(1 row)" : $"({rows.Count} rows)");
        return rows.Count;
    }

    private static long WriteCsv(DbDataReader reader, TextWriter output, string[] names)
    {
        output.WriteLine(string.Join(',', names.Select(Csv)));
        long count = 0;
        var fields = new string[names.Length];
        while (reader.Read())
        {
            for (var i = 0; i < names.Length; i++)
            {
                fields[i] = reader.IsDBNull(i) ? string.Empty : Csv(Text(reader.GetValue(i)));
            }

            output.WriteLine(string.Join(',', fields));
            count++;
        }

        return count;
    }

    private static long WriteJson(DbDataReader reader, TextWriter output, string[] names)
    {
        using var buffer = new MemoryStream();
        long count = 0;
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            while (reader.Read())
            {
                json.WriteStartObject();
                for (var i = 0; i < names.Length; i++)
                {
                    json.WritePropertyName(names[i]);
                    WriteJsonValue(json, reader.IsDBNull(i) ? null : reader.GetValue(i));
                }

                json.WriteEndObject();
                count++;
                if (buffer.Length > 1 << 16)
                {
                    json.Flush();
                    output.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
                    buffer.SetLength(0);
                }
            }

            json.WriteEndArray();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        return count;
    }

    private static void WriteJsonValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null or DBNull:
                json.WriteNullValue();
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case double d when !double.IsFinite(d):
                json.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
                break;
            case float f when !float.IsFinite(f):
                json.WriteStringValue(f.ToString(CultureInfo.InvariantCulture));
                break;
            case sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal:
                json.WriteRawValue(Text(value));
                break;
            case System.Numerics.BigInteger big:
                json.WriteRawValue(big.ToString(CultureInfo.InvariantCulture));
                break;
            case IDictionary dictionary:
                json.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    json.WritePropertyName(Text(entry.Key));
                    WriteJsonValue(json, entry.Value);
                }

                json.WriteEndObject();
                break;
            case byte[]:
            case string:
                json.WriteStringValue(Text(value));
                break;
            case IEnumerable list:
                json.WriteStartArray();
                foreach (var item in list)
                {
                    WriteJsonValue(json, item);
                }

                json.WriteEndArray();
                break;
            default:
                json.WriteStringValue(Text(value));
                break;
        }
    }

    /// <summary>The text form of a value: invariant culture, ISO dates, round-trip numbers, JSON for nested values.</summary>
    private static string Text(object? value) => value switch
    {
        null or DBNull => string.Empty,
        string s => s,
        DateTime dt => dt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture) + "+00",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        byte[] bytes => "\\x" + Convert.ToHexString(bytes),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        IDictionary or IEnumerable => Nested(value),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Nested(object value)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            WriteJsonValue(json, value);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
