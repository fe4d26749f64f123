namespace Tributary.Delivery.Internal;

/// <summary>One journal line: an object key and the stream positions (per shard) of the records written to it.</summary>
internal sealed record DeliveryJournalEntry(string Key, Dictionary<string, SequenceRanges> Positions);
