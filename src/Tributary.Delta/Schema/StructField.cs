namespace Tributary.Delta.Schema;

/// <summary>A named column or struct member.</summary>
/// <param name="Name">The column name (unique ignoring case within its struct).</param>
/// <param name="Type">The column type.</param>
/// <param name="Nullable">Whether nulls are allowed.</param>
/// <param name="Metadata">Column metadata as raw JSON text of an object (<c>{}</c> when empty).</param>
public sealed record StructField(string Name, DeltaType Type, bool Nullable = true, string Metadata = "{}");
