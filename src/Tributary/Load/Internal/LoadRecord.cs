namespace Tributary.Load.Internal;

/// <summary>What one load commit recorded in its commitInfo: its id (the txn version), the batches it consumed and the regions it touched.</summary>
internal sealed record LoadRecord(long LoadId, IReadOnlyList<string> Batches, IReadOnlyList<string> Regions);
