using System.Text;
using Tributary.Delta.Schema;

namespace Tributary.Delta.Internal.Data;

/// <summary>
/// Rebuilds nested values (structs, lists, maps) of one top-level column from its leaf columns' Dremel levels.
/// Understands 3-level LIST/MAP groups and the legacy 2-level list layouts.
/// </summary>
internal sealed class NestedAssembler(IReadOnlyDictionary<FileNode, LeafCursor> cursors)
{
    public object? Read(FileNode node, DeltaType? type)
    {
        if (node.IsLeaf)
        {
            return Convert(cursors[node].Take(), type);
        }

        if (node.IsMap || type is MapType)
        {
            return ReadMap(node, type as MapType);
        }

        if (node.IsList || type is ArrayType)
        {
            return ReadList(node, (type as ArrayType)?.ElementType);
        }

        return ReadStruct(node, type as StructType);
    }

    private object? ReadStruct(FileNode node, StructType? type)
    {
        var first = cursors[node.FirstLeaf()];
        if (first.PeekDefinition < node.Definition)
        {
            SkipAll(node);
            return null;
        }

        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in node.Children)
        {
            var field = type?.Find(child.Name);
            var value = Read(child, field?.Type);
            if (type is null || field is not null)
            {
                result[field?.Name ?? child.Name] = value;
            }
        }

        if (type is not null)
        {
            foreach (var field in type.Fields)
            {
                result.TryAdd(field.Name, null);
            }
        }

        return result;
    }

    private object? ReadList(FileNode node, DeltaType? elementType)
    {
        var repeated = node.Repetition == Parquet.Meta.FieldRepetitionType.REPEATED ? node : node.Children[0];
        FileNode element;
        if (repeated.IsLeaf || ReferenceEquals(repeated, node))
        {
            element = repeated;
        }
        else if (repeated.Children.Count > 1 || repeated.Name == "array" || repeated.Name == node.Name + "_tuple")
        {
            element = repeated;
        }
        else
        {
            element = repeated.Children[0];
        }

        var first = cursors[node.FirstLeaf()];
        if (!ReferenceEquals(repeated, node) && first.PeekDefinition < node.Definition)
        {
            SkipAll(node);
            return null;
        }

        var items = new List<object?>();
        if (first.PeekDefinition < repeated.Definition)
        {
            SkipAll(node);
            return items;
        }

        do
        {
            items.Add(ReferenceEquals(element, repeated) && !element.IsLeaf ? ReadStructBody(element, elementType as StructType) : Read(element, elementType));
        }
        while (first.HasMore && first.PeekRepetition == repeated.RepetitionLevel);

        return items;
    }

    private Dictionary<string, object?> ReadStructBody(FileNode node, StructType? type)
    {
        var result = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in node.Children)
        {
            var field = type?.Find(child.Name);
            var value = Read(child, field?.Type);
            if (type is null || field is not null)
            {
                result[field?.Name ?? child.Name] = value;
            }
        }

        return result;
    }

    private object? ReadMap(FileNode node, MapType? type)
    {
        var first = cursors[node.FirstLeaf()];
        if (first.PeekDefinition < node.Definition)
        {
            SkipAll(node);
            return null;
        }

        var repeated = node.Children[0];
        var result = new Dictionary<object, object?>();
        if (first.PeekDefinition < repeated.Definition)
        {
            SkipAll(node);
            return result;
        }

        var keyNode = repeated.Find("key") ?? repeated.Children[0];
        var valueNode = repeated.Find("value") ?? (repeated.Children.Count > 1 ? repeated.Children[1] : null);
        do
        {
            var key = Read(keyNode, type?.KeyType);
            var value = valueNode is null ? null : Read(valueNode, type?.ValueType);
            if (key is not null)
            {
                result[key] = value;
            }
        }
        while (first.HasMore && first.PeekRepetition == repeated.RepetitionLevel);

        return result;
    }

    private void SkipAll(FileNode node)
    {
        foreach (var leaf in node.Leaves())
        {
            cursors[leaf].Skip();
        }
    }

    private static object? Convert(object? value, DeltaType? type) => (value, type) switch
    {
        (null, _) or (_, null) => value,
        (byte[] bytes, PrimitiveType { Name: "string" }) => Encoding.UTF8.GetString(bytes),
        (decimal m, DecimalType d) when !Decimals.IsWide(d) => Decimals.WithScale(m, d.Scale),
        (decimal or DeltaDecimal or Parquet.Data.BigDecimal, DecimalType d) => Decimals.ToColumnValue(d, value),
        (string or long or int or short or sbyte or bool or float or double or decimal or DateOnly or DateTimeOffset or byte[], _)
            when value.GetType() == Nullable.GetUnderlyingType(ColumnTypes.ElementType(type)) || value.GetType() == ColumnTypes.ElementType(type) => value,
        _ => ValueConverter.ToColumnValue(type, value),
    };
}
