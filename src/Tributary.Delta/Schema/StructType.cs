namespace Tributary.Delta.Schema;

/// <summary>A struct: the type of a table's schema and of nested records.</summary>
public sealed record StructType(IReadOnlyList<StructField> Fields) : DeltaType
{
    /// <summary>Creates a struct from its fields.</summary>
    public StructType(params StructField[] fields)
        : this((IReadOnlyList<StructField>)fields)
    {
    }

    /// <summary>Finds a field by name, ignoring case as Delta does; <see langword="null"/> when absent.</summary>
    public StructField? Find(string name) =>
        Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc/>
    public bool Equals(StructType? other) =>
        other is not null && Fields.SequenceEqual(other.Fields);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        Fields.Aggregate(0, (hash, field) => HashCode.Combine(hash, field));
}
