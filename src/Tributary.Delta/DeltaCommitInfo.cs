using System.Text.Json;

namespace Tributary.Delta;

/// <summary>One entry of a table's history: the <c>commitInfo</c> of a version.</summary>
/// <param name="Version">The table version.</param>
/// <param name="Timestamp">The commit time: the commit file's modification time, monotonised in version order.</param>
/// <param name="Operation">The operation name (<c>WRITE</c>, <c>MERGE</c>, ...), when recorded.</param>
/// <param name="OperationParameters">The operation parameters as raw JSON values.</param>
/// <param name="OperationMetrics">The operation metrics as raw JSON values.</param>
/// <param name="Raw">The whole commitInfo object (an empty object when the commit has none).</param>
public sealed record DeltaCommitInfo(
    long Version,
    DateTimeOffset Timestamp,
    string? Operation,
    IReadOnlyDictionary<string, JsonElement> OperationParameters,
    IReadOnlyDictionary<string, JsonElement> OperationMetrics,
    JsonElement Raw);
