using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tributary.Transform.Internal;

/// <summary>Epoch milliseconds in, a number out; accepts the ISO strings some AWS samples use.</summary>
internal sealed class EpochMillisecondsConverter : JsonConverter<long>
{
    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        EpochMilliseconds.Read(ref reader) ?? 0;

    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}
