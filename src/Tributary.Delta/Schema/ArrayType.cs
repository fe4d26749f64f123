namespace Tributary.Delta.Schema;

/// <summary>A list of elements of one type.</summary>
/// <param name="ElementType">The element type.</param>
/// <param name="ContainsNull">Whether elements may be null.</param>
public sealed record ArrayType(DeltaType ElementType, bool ContainsNull = true) : DeltaType;
