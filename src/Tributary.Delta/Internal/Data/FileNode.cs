using Parquet.Meta;
using Parquet.Schema;

namespace Tributary.Delta.Internal.Data;

/// <summary>A node of a Parquet file's own schema with its Dremel levels, built from the footer's schema elements.</summary>
internal sealed class FileNode
{
    public required string Name { get; init; }

    public required FieldRepetitionType Repetition { get; init; }

    public required int Definition { get; init; }

    public required int RepetitionLevel { get; init; }

    public bool IsList { get; init; }

    public bool IsMap { get; init; }

    public List<FileNode> Children { get; } = [];

    public DataField? Leaf { get; set; }

    public bool IsLeaf => Children.Count == 0;

    public FileNode? Find(string name) =>
        Children.FirstOrDefault(c => c.Name == name) ?? Children.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<FileNode> Leaves() => IsLeaf ? [this] : Children.SelectMany(c => c.Leaves());

    public FileNode FirstLeaf() => IsLeaf ? this : Children[0].FirstLeaf();

    /// <summary>Builds the tree of top-level columns and attaches each leaf's Parquet.Net data field.</summary>
    public static List<FileNode> Build(List<SchemaElement> elements, IReadOnlyList<DataField> dataFields, string file)
    {
        var index = 1;
        var roots = new List<FileNode>();
        var rootChildren = elements[0].NumChildren ?? 0;
        for (var i = 0; i < rootChildren; i++)
        {
            roots.Add(Read(elements, ref index, 0, 0));
        }

        var leaves = roots.SelectMany(r => r.Leaves()).ToList();
        if (leaves.Count != dataFields.Count)
        {
            throw new DeltaException($"Data file '{file}': the Parquet schema has {leaves.Count} leaf columns but the reader found {dataFields.Count}.");
        }

        for (var i = 0; i < leaves.Count; i++)
        {
            leaves[i].Leaf = dataFields[i];
        }

        return roots;
    }

    private static FileNode Read(List<SchemaElement> elements, ref int index, int parentDefinition, int parentRepetition)
    {
        var element = elements[index++];
        var repetition = element.RepetitionType ?? FieldRepetitionType.OPTIONAL;
        var definition = parentDefinition + (repetition == FieldRepetitionType.REQUIRED ? 0 : 1);
        var repetitionLevel = parentRepetition + (repetition == FieldRepetitionType.REPEATED ? 1 : 0);
        var node = new FileNode
        {
            Name = element.Name,
            Repetition = repetition,
            Definition = definition,
            RepetitionLevel = repetitionLevel,
            IsList = element.ConvertedType == ConvertedType.LIST || element.LogicalType?.LIST is not null,
            IsMap = element.ConvertedType is ConvertedType.MAP or ConvertedType.MAP_KEY_VALUE || element.LogicalType?.MAP is not null,
        };
        var children = element.NumChildren ?? 0;
        for (var i = 0; i < children; i++)
        {
            node.Children.Add(Read(elements, ref index, definition, repetitionLevel));
        }

        return node;
    }
}
