namespace Tributary.Flatten;

/// <summary>A record could not be flattened; <see cref="Kind"/> says why and the message says where.</summary>
public sealed class FlattenException : Exception
{
    /// <summary>Creates an exception of the given kind.</summary>
    public FlattenException(FlattenErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>Why the record could not be flattened.</summary>
    public FlattenErrorKind Kind { get; }
}
