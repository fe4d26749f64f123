using System.Diagnostics;
using System.Globalization;
using System.Text;
using Tributary.Bench.Pipeline;
using Tributary.Configuration;
using Tributary.Delivery;
using Tributary.Records;
using Tributary.Storage;
using Tributary.Transform;

namespace Tributary.Bench.Delivery;

/// <summary>
/// The peak memory of the local delivery stream alone, for one buffer size and one transform path: retail-like
/// envelopes (about 750 bytes each) are put in batches of 500 until the input size is reached, then flushed. The
/// remote path wraps the handler so that the delivery stream takes the JSON rows path, as with any transform that is
/// not the in-process handler (no JSON event is serialized: the staging side is what is measured). Run one
/// configuration per process: the peak (VmHWM) is the process's.
/// </summary>
internal static class DeliveryMemoryBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 3 || args[0] is not ("in-process" or "remote"))
        {
            Console.Error.WriteLine("usage: delivery-memory <in-process|remote> <Deliver:BufferSizeInMBs> <input MiB> [work folder]");
            return 2;
        }

        var bufferMb = int.Parse(args[1], CultureInfo.InvariantCulture);
        var inputMb = int.Parse(args[2], CultureInfo.InvariantCulture);
        var work = args.Length > 3 ? args[3] : Path.Combine(Path.GetTempPath(), "tributary-bench", "delivery-memory");
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        Directory.CreateDirectory(work);
        var options = new DeliverOptions { BufferSizeInMBs = bufferMb, BufferIntervalInSeconds = 900, RetryBackoffMilliseconds = 0 };
        var handler = new TransformHandler();
        ITransformFunction transform = args[0] == "remote" ? new RemoteTransform(handler) : handler;
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        long bytes = 0;
        long records = 0;
        DeliveryStatistics statistics;
        await using (var firehose = new LocalFirehose(new LocalObjectStore(work), options, transform))
        {
            var random = new Random(1);
            while (bytes < (long)inputMb << 20)
            {
                var batch = new ReadOnlyMemory<byte>[500];
                for (var i = 0; i < batch.Length; i++, records++)
                {
                    batch[i] = Envelope(records, random);
                    bytes += batch[i].Length;
                }

                await firehose.PutRecordBatchAsync(batch);
            }

            await firehose.FlushAsync();
            statistics = firehose.Statistics;
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"delivery-memory {args[0]}: buffer {bufferMb} MiB, input {bytes >> 20} MiB ({records:N0} records, {statistics.StagingObjects} staging objects), " +
            $"{clock.Elapsed.TotalSeconds:F1} s, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} CPU s, peak RSS {PeakMemory.Bytes() >> 20} MiB"));
        Directory.Delete(work, recursive: true);
        return 0;
    }

    private static byte[] Envelope(long n, Random random)
    {
        var record = string.Create(
            CultureInfo.InvariantCulture,
            $$$"""{"RetailTxnData":{"InvoiceNo":{{{n}}},"InvoiceDateTime":"2022-07-13 23:29:57","StoreNo":{{{n % 97}}},"StorePos":"6OOW65303232","Region":"Europe ","StoreCountry":"Lithuania","LineItem":{"StockCode":"{{{random.Next(100000, 999999)}}}","Description":"Marble","Quantity":44,"UnitPrice":26.62,"SalePrice":1171.28},"Customer":{"CustomerID":{{{random.Next(1000)}}},"EmailId":"sstewart@example.org","ContactNo":"+89-525-829-9220","FirstName":"Luis","MiddleName":"Mia","LastName":"Evans","Address":"Floor 6","State":"New Jersey","Country":"Lithuania","ZipCode":708362},"Discount":{"DiscountCode":"LZQTWVR71"},"SourceTimestamp":"2022-07-13 23:29:57"}}""");
        return new RecordEnvelope("source/retail-00001.json", n, "shardId-000000000001", n.ToString("D20", CultureInfo.InvariantCulture), 1732698800123 + n, Encoding.UTF8.GetBytes(record)).ToArray();
    }

    /// <summary>The handler behind another type: the delivery stream then takes the JSON rows path of a remote transform.</summary>
    private sealed class RemoteTransform(TransformHandler handler) : ITransformFunction
    {
        public Task<FirehoseTransformationResponse> InvokeAsync(FirehoseTransformationEvent transformationEvent, CancellationToken cancellationToken = default) =>
            handler.InvokeAsync(transformationEvent, cancellationToken);
    }
}
