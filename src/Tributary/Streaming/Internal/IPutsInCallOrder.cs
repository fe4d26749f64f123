namespace Tributary.Streaming.Internal;

/// <summary>
/// Marks a record stream whose <c>PutRecordsAsync</c> places the records on their shards before it returns, so puts
/// made one after the other land in that order even when the caller does not wait for each to be acknowledged. A
/// caller may then keep several puts in flight without reordering records within a shard (Kinesis gives no such
/// promise for requests in flight at once).
/// </summary>
internal interface IPutsInCallOrder;
