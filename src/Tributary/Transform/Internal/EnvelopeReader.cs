using System.Text.Json;

namespace Tributary.Transform.Internal;

/// <summary>
/// Unwraps the Tributary record envelope (<c>{"tributary":1,"source":…,"index":…,"shard":…,"sequence":…,"arrival":…,
/// "record":{…}}</c>) from a parsed record; a bare object (no <c>"tributary"</c> first member) is the record itself.
/// </summary>
internal static class EnvelopeReader
{
    public static JsonElement Unwrap(JsonElement root, out Lineage lineage)
    {
        lineage = default;
        var record = Unwrap(root, out RawLineage raw);
        lineage = raw.Decode();
        return record;
    }

    /// <summary>Unwraps the envelope and keeps its string members as elements of the document.</summary>
    public static JsonElement Unwrap(JsonElement root, out RawLineage lineage)
    {
        lineage = default;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return root;
        }

        using var members = root.EnumerateObject();
        if (!members.MoveNext() || !members.Current.NameEquals("tributary"u8))
        {
            return root;
        }

        var version = members.Current.Value;
        if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var number) || number != 1)
        {
            throw new TransformFailure(
                Transform.TransformErrorCodes.InvalidEnvelope,
                $"The envelope has \"tributary\":{version.GetRawText()}; only version 1 is understood.");
        }

        JsonElement source = default, shard = default, sequence = default;
        long? index = null, arrival = null;
        JsonElement? record = null;
        while (members.MoveNext())
        {
            var member = members.Current;
            if (member.NameEquals("record"u8))
            {
                record = member.Value;
            }
            else if (member.NameEquals("source"u8))
            {
                source = ReadString(member);
            }
            else if (member.NameEquals("index"u8))
            {
                index = ReadInt64(member);
            }
            else if (member.NameEquals("shard"u8))
            {
                shard = ReadString(member);
            }
            else if (member.NameEquals("sequence"u8))
            {
                sequence = ReadString(member);
            }
            else if (member.NameEquals("arrival"u8))
            {
                arrival = ReadInt64(member);
            }
        }

        if (record is null)
        {
            throw new TransformFailure(Transform.TransformErrorCodes.InvalidEnvelope, "The envelope has no \"record\" member.");
        }

        lineage = new RawLineage(source, index, shard, sequence, arrival);
        return record.Value;
    }

    private static JsonElement ReadString(JsonProperty member) => member.Value.ValueKind switch
    {
        JsonValueKind.String or JsonValueKind.Null => member.Value,
        _ => throw new TransformFailure(
            Transform.TransformErrorCodes.InvalidEnvelope,
            $"The envelope's \"{member.Name}\" must be a string or null, not {member.Value.GetRawText()}."),
    };

    private static long? ReadInt64(JsonProperty member) => member.Value.ValueKind switch
    {
        JsonValueKind.Number when member.Value.TryGetInt64(out var value) => value,
        JsonValueKind.Null => null,
        _ => throw new TransformFailure(
            Transform.TransformErrorCodes.InvalidEnvelope,
            $"The envelope's \"{member.Name}\" must be an integer or null, not {member.Value.GetRawText()}."),
    };
}
