namespace Tributary.Delta;

/// <summary>A concurrent commit conflicts with this transaction, or the commit attempts ran out.</summary>
public sealed class DeltaConcurrencyException : DeltaException
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What conflicted, naming the winning version.</param>
    /// <param name="conflict">A short conflict kind such as <c>ConcurrentAppend</c> or <c>MetadataChanged</c>.</param>
    /// <param name="winningVersion">The concurrent version that conflicted, when known.</param>
    public DeltaConcurrencyException(string message, string conflict, long? winningVersion)
        : base(message)
    {
        Conflict = conflict;
        WinningVersion = winningVersion;
    }

    /// <summary>The conflict kind: <c>ConcurrentAppend</c>, <c>ConcurrentDeleteRead</c>, <c>ConcurrentDeleteDelete</c>,
    /// <c>MetadataChanged</c>, <c>ProtocolChanged</c>, <c>ConcurrentTransaction</c> or <c>TooManyAttempts</c>.</summary>
    public string Conflict { get; }

    /// <summary>The version written by the other writer, when known.</summary>
    public long? WinningVersion { get; }
}
