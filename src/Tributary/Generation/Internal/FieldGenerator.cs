namespace Tributary.Generation.Internal;

/// <summary>Produces one column's value for the current record.</summary>
internal abstract class FieldGenerator
{
    /// <summary>Sets <paramref name="value"/> (the column's own slot) for the current record.</summary>
    public abstract void Generate(RecordState state, FieldValue value);
}
