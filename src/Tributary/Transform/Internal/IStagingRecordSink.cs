using Tributary.Flatten;

namespace Tributary.Transform.Internal;

/// <summary>
/// Receives the rows of records flattened in process, straight into staging columns: the rows of a record are only
/// kept once <see cref="CommitRecord"/> is called, so a record that fails halfway leaves nothing behind. A record
/// comes either through <see cref="BeginRecord"/> and rows (the document path) or through
/// <see cref="IOnePassValueSink.BeginOnePass"/>, values and <see cref="TryEndOnePass"/> (the one-pass reader's single row).
/// </summary>
internal interface IStagingRecordSink : IFlatRowSink, IOnePassValueSink
{
    /// <summary>
    /// Makes sure a record's bytes stay at one address for as long as the sink's rows, since the values of the rows
    /// point into them: returns <paramref name="record"/> itself when the caller says it is pinned for that long, else
    /// a pinned copy. The record must be parsed from the returned memory.
    /// </summary>
    ReadOnlyMemory<byte> Hold(ReadOnlyMemory<byte> record, bool pinned);

    /// <summary>Starts the rows of a record with the metadata they all carry.</summary>
    void BeginRecord(in RawLineage lineage, long arrivalMilliseconds);

    /// <summary>
    /// Ends the one-pass record's row with the metadata it carries (the lineage's strings are tokens of
    /// <paramref name="record"/>, the held memory); false when the document path must decide (a lineage value staging
    /// would refuse), the row then being pending until abandoned.
    /// </summary>
    bool TryEndOnePass(ReadOnlySpan<byte> record, in OnePassLineage lineage, long arrivalMilliseconds);

    /// <summary>The bytes the record's rows so far would take as the newline-delimited JSON a transform returns.</summary>
    long PendingJsonBytes { get; }

    /// <summary>Keeps the rows of the record begun last.</summary>
    void CommitRecord();

    /// <summary>Forgets the rows of the record begun last.</summary>
    void AbandonRecord();
}
