namespace Tributary.Flatten;

/// <summary>How records are flattened and the limits that protect the pipeline from hostile input.</summary>
public sealed record FlattenOptions
{
    /// <summary>The flatsplode-compatible defaults: separator <c>_</c>, depth 64, 10,000 rows per record.</summary>
    public static FlattenOptions Compat { get; } = new();

    /// <summary>Strict mode with the default limits.</summary>
    public static FlattenOptions Strict { get; } = new() { Mode = FlattenMode.Strict };

    /// <summary>Compat (default) or strict.</summary>
    public FlattenMode Mode { get; init; } = FlattenMode.Compat;

    /// <summary>What joins the parts of a nested key; flatsplode's <c>join</c>. Tributary uses <c>_</c>.</summary>
    public string Separator { get; init; } = "_";

    /// <summary>The deepest nesting of objects and arrays accepted in one record.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>The most rows one record may explode into.</summary>
    public int MaxRowsPerRecord { get; init; } = 10_000;

    /// <summary>
    /// Refuses records in which two sibling lists with more than one element each would multiply into a Cartesian
    /// product. Only honoured in strict mode.
    /// </summary>
    public bool RejectListProducts { get; init; }

    internal bool KeepFalsyLists => Mode == FlattenMode.Strict;

    internal bool RejectKeyCollisions => Mode == FlattenMode.Strict;

    internal bool RejectsListProducts => Mode == FlattenMode.Strict && RejectListProducts;
}
