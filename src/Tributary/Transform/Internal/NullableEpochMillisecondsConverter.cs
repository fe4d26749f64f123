using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tributary.Transform.Internal;

/// <summary>An optional number that AWS samples write as a number, a string, an ISO timestamp or an empty string.</summary>
internal sealed class NullableEpochMillisecondsConverter : JsonConverter<long?>
{
    public override bool HandleNull => true;

    public override long? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        EpochMilliseconds.Read(ref reader);

    public override void Write(Utf8JsonWriter writer, long? value, JsonSerializerOptions options)
    {
        if (value is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
