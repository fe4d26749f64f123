namespace Tributary.Delta.Schema;

/// <summary>A Delta column type: a <see cref="PrimitiveType"/>, <see cref="DecimalType"/>, <see cref="StructType"/>,
/// <see cref="ArrayType"/> or <see cref="MapType"/>.</summary>
public abstract record DeltaType;
