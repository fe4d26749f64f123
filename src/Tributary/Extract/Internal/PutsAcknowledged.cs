using Tributary.Ports;

namespace Tributary.Extract.Internal;

/// <summary>What one wait of the <see cref="PutPipeline"/> acknowledged, for one ledger line.</summary>
/// <param name="Next">The file position before which every record is on the stream.</param>
/// <param name="Records">How many records the puts acknowledged now carried.</param>
/// <param name="Positions">The put results whose stream positions the ledger may record now.</param>
internal readonly record struct PutsAcknowledged(long Next, int Records, IReadOnlyList<PutRecordResultEntry> Positions);
