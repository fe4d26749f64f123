using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Tributary.Flatten;

namespace Tributary.Tests.Flatten;

/// <summary>Renders rows as compact JSON with the values exactly as written, so tests compare text.</summary>
internal static class RowJson
{
    private static readonly JsonWriterOptions _writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Render(IEnumerable<FlatColumn[]> rows)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, _writerOptions))
        {
            writer.WriteStartArray();
            foreach (var row in rows)
            {
                writer.WriteStartObject();
                foreach (var column in row)
                {
                    writer.WritePropertyName(column.Name);
                    if (column.IsNull)
                    {
                        writer.WriteNullValue();
                    }
                    else
                    {
                        column.Value.WriteTo(writer);
                    }
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string Normalize(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, _writerOptions))
        {
            element.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static IReadOnlyList<FlatColumn[]> Flatten(string json, FlattenOptions? options = null)
    {
        var flattener = new Flattener(options);
        using var document = flattener.Parse(System.Text.Encoding.UTF8.GetBytes(json));
        return Flatten(flattener, document.RootElement);
    }

    public static string FlattenToJson(string json, FlattenOptions? options = null)
    {
        var flattener = new Flattener(options);
        using var document = flattener.Parse(System.Text.Encoding.UTF8.GetBytes(json));
        return Render(flattener.Flatten(document.RootElement));
    }

    private static IReadOnlyList<FlatColumn[]> Flatten(Flattener flattener, JsonElement root) => flattener.Flatten(root);
}
