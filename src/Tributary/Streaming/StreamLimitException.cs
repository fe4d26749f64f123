namespace Tributary.Streaming;

/// <summary>A put broke a Kinesis limit (record size, records or bytes per put, partition key length); nothing was written.</summary>
public sealed class StreamLimitException : ArgumentException
{
    /// <summary>Creates the exception with a message naming the limit and the offending value.</summary>
    public StreamLimitException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public StreamLimitException()
    {
    }

    /// <summary>Creates the exception with an inner exception.</summary>
    public StreamLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
