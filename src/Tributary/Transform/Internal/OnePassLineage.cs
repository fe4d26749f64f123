namespace Tributary.Transform.Internal;

/// <summary>
/// Where a record came from, as the one-pass reader found it in the envelope: the string members are ranges of the
/// record's bytes (JSON string tokens as written), so nothing is decoded unless a sink needs the text.
/// </summary>
internal readonly record struct OnePassLineage(TokenRange Source, long? Index, TokenRange Shard, TokenRange Sequence, long? Arrival)
{
    /// <summary>The same lineage with its strings decoded, as <see cref="RawLineage.Decode"/> gives them.</summary>
    /// <exception cref="InvalidOperationException">A string has an escape sequence that is not valid Unicode text.</exception>
    public Lineage Decode(ReadOnlySpan<byte> record) =>
        new(Text(Source.Of(record)), Index, Text(Shard.Of(record)), Text(Sequence.Of(record)), Arrival);

    private static string? Text(ReadOnlySpan<byte> token)
    {
        if (token.IsEmpty)
        {
            return null;
        }

        var reader = new System.Text.Json.Utf8JsonReader(token);
        reader.Read();
        return reader.GetString();
    }
}
