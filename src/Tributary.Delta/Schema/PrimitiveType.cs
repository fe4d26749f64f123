namespace Tributary.Delta.Schema;

/// <summary>
/// A primitive Delta type by its schema name: <c>string long integer short byte float double boolean binary date
/// timestamp timestamp_ntz void</c>.
/// </summary>
/// <param name="Name">The type name as written in <c>schemaString</c>.</param>
public sealed record PrimitiveType(string Name) : DeltaType
{
    /// <summary>UTF-8 text.</summary>
    public static readonly PrimitiveType String = new("string");
    /// <summary>64-bit signed integer.</summary>
    public static readonly PrimitiveType Long = new("long");
    /// <summary>32-bit signed integer.</summary>
    public static readonly PrimitiveType Integer = new("integer");
    /// <summary>16-bit signed integer.</summary>
    public static readonly PrimitiveType Short = new("short");
    /// <summary>8-bit signed integer.</summary>
    public static readonly PrimitiveType Byte = new("byte");
    /// <summary>32-bit IEEE float.</summary>
    public static readonly PrimitiveType Float = new("float");
    /// <summary>64-bit IEEE float.</summary>
    public static readonly PrimitiveType Double = new("double");
    /// <summary>True or false.</summary>
    public static readonly PrimitiveType Boolean = new("boolean");
    /// <summary>Bytes.</summary>
    public static readonly PrimitiveType Binary = new("binary");
    /// <summary>A calendar date.</summary>
    public static readonly PrimitiveType Date = new("date");
    /// <summary>An instant, microsecond precision, stored as UTC.</summary>
    public static readonly PrimitiveType Timestamp = new("timestamp");

    /// <inheritdoc/>
    public override string ToString() => Name;
}
