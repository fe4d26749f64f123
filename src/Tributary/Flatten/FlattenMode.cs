namespace Tributary.Flatten;

/// <summary>How faithfully the flattener follows the flatsplode library the seed's transform used.</summary>
public enum FlattenMode
{
    /// <summary>
    /// Reproduces flatsplode exactly, quirks included: lists whose elements are all falsy collapse to one null row,
    /// and on a key collision the last value in document order wins silently.
    /// </summary>
    Compat,

    /// <summary>Keeps lists whose elements are all falsy and refuses records whose flattened keys collide.</summary>
    Strict,
}
