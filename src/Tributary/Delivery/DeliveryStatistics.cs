namespace Tributary.Delivery;

/// <summary>What a delivery stream has done since it was created.</summary>
/// <param name="RecordsReceived">Records accepted by <c>PutRecordBatchAsync</c>.</param>
/// <param name="BytesReceived">Their total size in bytes.</param>
/// <param name="RecordsDelivered">Records transformed <c>Ok</c> and written to staging.</param>
/// <param name="RecordsDropped">Records the transformation answered <c>Dropped</c>.</param>
/// <param name="RecordsFailed">Records written to the error prefix.</param>
/// <param name="RowsWritten">Flattened rows written to staging.</param>
/// <param name="StagingObjects">Staging Parquet objects written.</param>
/// <param name="ErrorObjects">Error-output objects written.</param>
/// <param name="Invocations">Transform invocations, retries included.</param>
/// <param name="FailedInvocations">Invocations that failed (threw or answered with wrong record ids).</param>
/// <param name="RecordsAlreadyDelivered">
/// Records put again at a stream position already accepted (a replay after a crash or a retried batch); they are
/// acknowledged and not delivered a second time. Not counted in <paramref name="RecordsReceived"/>.
/// </param>
public sealed record DeliveryStatistics(
    long RecordsReceived,
    long BytesReceived,
    long RecordsDelivered,
    long RecordsDropped,
    long RecordsFailed,
    long RowsWritten,
    long StagingObjects,
    long ErrorObjects,
    long Invocations,
    long FailedInvocations,
    long RecordsAlreadyDelivered = 0)
{
    /// <summary>Records received but not yet delivered, dropped or failed (still buffered).</summary>
    public long RecordsBuffered => RecordsReceived - RecordsDelivered - RecordsDropped - RecordsFailed;
}
