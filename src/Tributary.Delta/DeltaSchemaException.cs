namespace Tributary.Delta;

/// <summary>A schema is invalid, cannot be parsed, or cannot change the way asked.</summary>
public sealed class DeltaSchemaException : DeltaException
{
    /// <summary>Creates the error.</summary>
    public DeltaSchemaException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
