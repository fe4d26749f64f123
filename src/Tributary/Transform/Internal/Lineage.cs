namespace Tributary.Transform.Internal;

/// <summary>Where a record came from, as the staging metadata columns record it.</summary>
internal readonly record struct Lineage(string? SourceFile, long? SourceRecord, string? Shard, string? SequenceNumber, long? ArrivalMilliseconds);
