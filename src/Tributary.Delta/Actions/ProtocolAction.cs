namespace Tributary.Delta.Actions;

/// <summary>The <c>protocol</c> action: what a reader and a writer must support to use the table.</summary>
/// <param name="MinReaderVersion">The minimum reader version.</param>
/// <param name="MinWriterVersion">The minimum writer version.</param>
/// <param name="ReaderFeatures">Reader table features (reader version 3 only).</param>
/// <param name="WriterFeatures">Writer table features (writer version 7 only).</param>
public sealed record ProtocolAction(
    int MinReaderVersion,
    int MinWriterVersion,
    IReadOnlyList<string>? ReaderFeatures = null,
    IReadOnlyList<string>? WriterFeatures = null);
