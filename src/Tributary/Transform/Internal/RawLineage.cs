using System.Text.Json;

namespace Tributary.Transform.Internal;

/// <summary>
/// Where a record came from, as its envelope wrote it: the string members stay JSON elements (undefined when absent),
/// so that a caller which only copies their UTF-8 never allocates a string for them.
/// </summary>
internal readonly record struct RawLineage(JsonElement Source, long? Index, JsonElement Shard, JsonElement Sequence, long? Arrival)
{
    /// <summary>The same lineage with its strings decoded, for error messages and the JSON row writer.</summary>
    public Lineage Decode() => new(Text(Source), Index, Text(Shard), Text(Sequence), Arrival);

    private static string? Text(JsonElement element) => element.ValueKind == JsonValueKind.String ? element.GetString() : null;
}
