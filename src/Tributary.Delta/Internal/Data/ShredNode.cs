using Parquet.Schema;
using Tributary.Delta.Schema;

namespace Tributary.Delta.Internal.Data;

/// <summary>
/// One node of a column's Parquet layout with its Dremel levels: <see cref="Definition"/> is the definition level
/// reached when this node's value is present, <see cref="Repetition"/> the repetition level of its innermost
/// repeated ancestor. Used both to shred values into leaf columns and to assemble them back.
/// </summary>
internal sealed class ShredNode
{
    public required string Name { get; init; }

    public required DeltaType Type { get; init; }

    public required bool Optional { get; init; }

    public required int Definition { get; init; }

    public required int Repetition { get; init; }

    /// <summary>Struct members; for arrays the element; for maps the key then the value.</summary>
    public IReadOnlyList<ShredNode> Children { get; init; } = [];

    /// <summary>The Parquet leaf column (primitive nodes only).</summary>
    public DataField? Leaf { get; set; }

    /// <summary>For arrays and maps: the definition level of the repeated group (one or more entries present).</summary>
    public int EntryDefinition { get; init; }

    /// <summary>For arrays and maps: the repetition level of the repeated group.</summary>
    public int EntryRepetition { get; init; }

    public IEnumerable<ShredNode> Leaves() =>
        Children.Count == 0 ? [this] : Children.SelectMany(c => c.Leaves());
}
