using System.Text.Json.Serialization;

namespace Tributary.Process.Internal;

/// <summary>Source-generated (de)serialization of the Kinesis event contract.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(KinesisEvent))]
[JsonSerializable(typeof(StreamsEventResponse))]
internal sealed partial class ProcessJsonContext : JsonSerializerContext;
