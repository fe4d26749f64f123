namespace Tributary.Delta;

/// <summary>
/// Decides which writer owns each table version. The default store creates <c>_delta_log/N.json</c> with
/// put-if-absent on the table's <see cref="IDeltaStorage"/>; others (such as the DynamoDB commit table used by
/// Spark's S3DynamoDBLogStore) add an external arbiter.
/// </summary>
public interface ICommitStore
{
    /// <summary>
    /// Publishes <paramref name="actions"/> (newline-delimited JSON) as commit <paramref name="version"/> if no
    /// writer has taken that version. Returns <see langword="false"/> when another writer won the race.
    /// </summary>
    Task<bool> TryCommitAsync(long version, ReadOnlyMemory<byte> actions, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes every commit that has been decided visible in storage, so that a listing of <c>_delta_log</c> misses
    /// none. Called before the log is listed. Stores whose commits are visible once decided do nothing.
    /// </summary>
    Task RecoverAsync(CancellationToken cancellationToken = default);
}
