namespace Tributary.Extract;

/// <summary>A source file cannot be read as JSON objects: it names where (byte offset in the decompressed data) and what was expected.</summary>
public sealed class SourceFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SourceFormatException(string message, long offset, string expected, Exception? innerException = null)
        : base(message, innerException)
    {
        Offset = offset;
        Expected = expected;
    }

    /// <summary>Creates the exception.</summary>
    public SourceFormatException()
        : this("The source file is not valid JSON.", 0, "JSON")
    {
    }

    /// <summary>Creates the exception.</summary>
    public SourceFormatException(string message)
        : this(message, 0, "JSON")
    {
    }

    /// <summary>Creates the exception.</summary>
    public SourceFormatException(string message, Exception innerException)
        : this(message, 0, "JSON", innerException)
    {
    }

    /// <summary>The byte offset (in the decompressed data) at or after which the problem was found.</summary>
    public long Offset { get; }

    /// <summary>What the reader expected to find there.</summary>
    public string Expected { get; }
}
