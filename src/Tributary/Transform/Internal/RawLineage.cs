using System.Text.Json;

namespace Tributary.Transform.Internal;

/// <summary>
/// Where a record came from, as its envelope wrote it: the string members stay JSON elements (undefined when absent),
/// so that a caller which only copies their UTF-8 never allocates a string for them.
/// </summary>
internal readonly record struct RawLineage(JsonElement Source, long? Index, JsonElement Shard, JsonElement Sequence, long? Arrival)
{
    /// <summary>The same lineage with its strings decoded, for error messages and the JSON row writer.</summary>
    /// <exception cref="InvalidOperationException">A string has an escape sequence that is not valid Unicode text.</exception>
    public Lineage Decode() => new(Text(Source), Index, Text(Shard), Text(Sequence), Arrival);

    /// <summary>
    /// The lineage for an error message: a string that is not valid Unicode text (the very error being described,
    /// perhaps) is given as written instead of failing the whole invocation.
    /// </summary>
    public Lineage DecodeForMessage() => new(Lenient(Source), Index, Lenient(Shard), Lenient(Sequence), Arrival);

    private static string? Text(JsonElement element) => element.ValueKind == JsonValueKind.String ? element.GetString() : null;

    private static string? Lenient(JsonElement element)
    {
        try
        {
            return Text(element);
        }
        catch (InvalidOperationException)
        {
            return element.GetRawText();
        }
    }
}
