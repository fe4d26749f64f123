namespace Tributary.Delta;

/// <summary>The table needs a protocol version or table feature that this library does not implement.</summary>
public sealed class DeltaProtocolException : DeltaException
{
    /// <summary>Creates the error naming the unsupported feature.</summary>
    public DeltaProtocolException(string message, string feature)
        : base(message)
    {
        Feature = feature;
    }

    /// <summary>The feature (or <c>readerVersion N</c>/<c>writerVersion N</c>) that is not supported.</summary>
    public string Feature { get; }
}
