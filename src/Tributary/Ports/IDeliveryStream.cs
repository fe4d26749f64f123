namespace Tributary.Ports;

/// <summary>
/// The delivery-stream port, with Kinesis Data Firehose semantics: records put here are buffered, transformed and
/// written to staging. Embedded: an in-process Firehose. At scale: a Firehose delivery stream (DirectPut).
/// </summary>
public interface IDeliveryStream
{
    /// <summary>The delivery stream's name (used in staging object names, ARNs and messages).</summary>
    string Name { get; }

    /// <summary>
    /// Puts up to 500 records (4 MiB in all), each succeeding or failing on its own as in Firehose
    /// <c>PutRecordBatch</c>. The result has one entry per record, in request order: <see langword="null"/> for
    /// success or an error message.
    /// </summary>
    Task<IReadOnlyList<string?>> PutRecordBatchAsync(IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken = default);
}
