namespace Tributary.Generation.Internal;

/// <summary>What a generated value is, which decides how it is written to JSON.</summary>
internal enum FieldKind
{
    /// <summary>JSON null (null_percentage).</summary>
    Null,

    /// <summary>A JSON number without decimals.</summary>
    Integer,

    /// <summary>A JSON number written with its decimal scale (12.50 stays 12.50).</summary>
    Decimal,

    /// <summary>A JSON string.</summary>
    Text,
}
