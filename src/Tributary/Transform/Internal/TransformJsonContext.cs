using System.Text.Json.Serialization;

namespace Tributary.Transform.Internal;

/// <summary>Source-generated (de)serialization of the Firehose transformation contract.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(FirehoseTransformationEvent))]
[JsonSerializable(typeof(FirehoseTransformationResponse))]
internal sealed partial class TransformJsonContext : JsonSerializerContext;
