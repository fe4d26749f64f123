namespace Tributary.Staging;

/// <summary>
/// The metadata columns every staged row carries after its data columns, so that each row traces back to its input.
/// Data columns are the flattened keys, as optional UTF-8 strings.
/// </summary>
public static class StagingColumns
{
    /// <summary>The source object key the record came from (string; null for a record without an envelope).</summary>
    public const string SourceFile = "_source_file";

    /// <summary>The record's 0-based position in its source file (int64).</summary>
    public const string SourceRecord = "_source_record";

    /// <summary>The row's number within the record's explosion, from 0 (int32).</summary>
    public const string Row = "_row";

    /// <summary>The stream shard the record travelled through (string).</summary>
    public const string Shard = "_shard";

    /// <summary>The record's sequence number in that shard (string).</summary>
    public const string SequenceNumber = "_sequence_number";

    /// <summary>When the stream accepted the record (timestamp, UTC, microseconds).</summary>
    public const string ArrivalTime = "_arrival_time";

    /// <summary>All metadata columns, in the order they are written.</summary>
    public static IReadOnlyList<string> All { get; } = [SourceFile, SourceRecord, Row, Shard, SequenceNumber, ArrivalTime];

    /// <summary>Whether a data column would clash with a metadata column.</summary>
    public static bool IsReserved(string name) =>
        name is SourceFile or SourceRecord or Row or Shard or SequenceNumber or ArrivalTime;
}
