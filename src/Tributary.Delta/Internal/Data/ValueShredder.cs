using System.Collections;

namespace Tributary.Delta.Internal.Data;

/// <summary>Shreds nested values (struct/array/map objects) into leaf columns with definition and repetition levels.</summary>
internal static class ValueShredder
{
    public static Dictionary<ShredNode, LeafBuffer> Shred(ShredNode column, object?[] values, int start, int count)
    {
        var buffers = column.Leaves().ToDictionary(l => l, l => new LeafBuffer(l));
        for (var row = start; row < start + count; row++)
        {
            Write(column, values[row], 0, buffers);
        }

        return buffers;
    }

    private static void Write(ShredNode node, object? value, int repetition, Dictionary<ShredNode, LeafBuffer> buffers)
    {
        if (value is null)
        {
            if (!node.Optional)
            {
                throw new DeltaSchemaException($"Field '{node.Name}' is not nullable but a value is null.");
            }

            WriteNulls(node, node.Definition - 1, repetition, buffers);
            return;
        }

        switch (node.Type)
        {
            case Schema.StructType:
                var record = value as IReadOnlyDictionary<string, object?> ?? throw new DeltaSchemaException(
                    $"Field '{node.Name}' is a struct and needs an IReadOnlyDictionary<string, object?>, not {value.GetType().Name}.");
                foreach (var child in node.Children)
                {
                    Write(child, Lookup(record, child.Name), repetition, buffers);
                }

                break;
            case Schema.ArrayType:
                var list = value as IEnumerable ?? throw new DeltaSchemaException($"Field '{node.Name}' is an array and needs a list, not {value.GetType().Name}.");
                var first = true;
                foreach (var item in list)
                {
                    Write(node.Children[0], item, first ? repetition : node.EntryRepetition, buffers);
                    first = false;
                }

                if (first)
                {
                    WriteNulls(node, node.Definition, repetition, buffers);
                }

                break;
            case Schema.MapType:
                var map = value as IEnumerable ?? throw new DeltaSchemaException($"Field '{node.Name}' is a map and needs a dictionary, not {value.GetType().Name}.");
                var firstEntry = true;
                foreach (var entry in map)
                {
                    var (k, v) = entry switch
                    {
                        KeyValuePair<object, object?> kv => (kv.Key, kv.Value),
                        DictionaryEntry de => (de.Key, de.Value),
                        _ => throw new DeltaSchemaException($"Field '{node.Name}' is a map and needs key/value entries."),
                    };
                    var entryRepetition = firstEntry ? repetition : node.EntryRepetition;
                    Write(node.Children[0], k, entryRepetition, buffers);
                    Write(node.Children[1], v, entryRepetition, buffers);
                    firstEntry = false;
                }

                if (firstEntry)
                {
                    WriteNulls(node, node.Definition, repetition, buffers);
                }

                break;
            default:
                buffers[node].AddValue(value, repetition);
                break;
        }
    }

    private static void WriteNulls(ShredNode node, int definition, int repetition, Dictionary<ShredNode, LeafBuffer> buffers)
    {
        foreach (var leaf in node.Leaves())
        {
            buffers[leaf].AddNull(definition, repetition);
        }
    }

    private static object? Lookup(IReadOnlyDictionary<string, object?> record, string name)
    {
        if (record.TryGetValue(name, out var value))
        {
            return value;
        }

        foreach (var pair in record)
        {
            if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return pair.Value;
            }
        }

        return null;
    }
}
