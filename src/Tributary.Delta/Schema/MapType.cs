namespace Tributary.Delta.Schema;

/// <summary>A map from keys of one type to values of another.</summary>
/// <param name="KeyType">The key type (keys are never null).</param>
/// <param name="ValueType">The value type.</param>
/// <param name="ValueContainsNull">Whether values may be null.</param>
public sealed record MapType(DeltaType KeyType, DeltaType ValueType, bool ValueContainsNull = true) : DeltaType;
