namespace Tributary.Transform;

/// <summary>The <c>errorCode</c> values a failed record carries to the error output.</summary>
public static class TransformErrorCodes
{
    /// <summary>The record's data is not valid UTF-8 JSON.</summary>
    public const string InvalidJson = "Transform.InvalidJson";

    /// <summary>The record (or the envelope's <c>record</c>) is not a JSON object.</summary>
    public const string NotAnObject = "Transform.NotAnObject";

    /// <summary>The record starts like a Tributary envelope but is not a valid one.</summary>
    public const string InvalidEnvelope = "Transform.InvalidEnvelope";

    /// <summary>The record nests deeper than <c>Transform:MaxDepth</c>.</summary>
    public const string DepthExceeded = "Transform.DepthExceeded";

    /// <summary>The record explodes into more rows than <c>Transform:MaxRowsPerRecord</c>.</summary>
    public const string TooManyRows = "Transform.TooManyRows";

    /// <summary>Two values flatten to the same key (strict mode).</summary>
    public const string KeyCollision = "Transform.KeyCollision";

    /// <summary>Sibling lists would multiply (strict mode with <c>RejectListProducts</c>).</summary>
    public const string ListProduct = "Transform.ListProduct";

    /// <summary>A flattened column is empty or uses a name reserved for the staging metadata columns.</summary>
    public const string InvalidColumnName = "Transform.InvalidColumnName";

    /// <summary>The record's rows alone exceed the response limit: it can never be returned.</summary>
    public const string RecordTooLarge = "Transform.RecordTooLarge";

    /// <summary>The record did not fit in this response; a smaller invocation would take it.</summary>
    public const string ResponseTooLarge = "Transform.ResponseTooLarge";

    /// <summary>The invocation failed (threw, timed out, or answered with missing or unknown record ids).</summary>
    public const string InvocationFailed = "Lambda.FunctionError";
}
