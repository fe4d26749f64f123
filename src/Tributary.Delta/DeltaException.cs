namespace Tributary.Delta;

/// <summary>The base of every error raised by the Delta library: a table that cannot be read or written as asked.</summary>
public class DeltaException : Exception
{
    /// <summary>Creates the error with a message.</summary>
    public DeltaException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with a message and its cause.</summary>
    public DeltaException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
