namespace Tributary.Flatten;

/// <summary>Why a record could not be flattened.</summary>
public enum FlattenErrorKind
{
    /// <summary>The record is not valid JSON.</summary>
    InvalidJson,

    /// <summary>The record is valid JSON but not an object.</summary>
    NotAnObject,

    /// <summary>The record nests objects and arrays deeper than the configured limit.</summary>
    DepthExceeded,

    /// <summary>The record explodes into more rows than the configured limit.</summary>
    TooManyRows,

    /// <summary>Two values flatten to the same key (strict mode only).</summary>
    KeyCollision,

    /// <summary>Two sibling lists would multiply into a Cartesian product (only when products are refused).</summary>
    ListProduct,
}
