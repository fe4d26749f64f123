using Parquet;

namespace Tributary.Delta.Internal.Data;

/// <summary>How <see cref="TableWriter"/> lays out data files.</summary>
internal sealed record DataWriteSettings(
    DeltaCompression Compression,
    int RowGroupRows,
    long TargetFileSize,
    int IndexedColumns,
    TimeProvider Time,
    bool DataChange)
{
    public static DataWriteSettings From(DeltaWriteOptions options, IReadOnlyDictionary<string, string> configuration, TimeProvider time, bool dataChange = true)
    {
        var indexed = configuration.TryGetValue("delta.dataSkippingNumIndexedCols", out var text)
            && int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 32;
        return new DataWriteSettings(options.Compression, Math.Max(1, options.RowGroupRows), Math.Max(1, options.TargetFileSize), indexed, time, dataChange);
    }

    public ParquetOptions ParquetOptions => new()
    {
        CompressionMethod = Compression switch
        {
            DeltaCompression.Zstd => CompressionMethod.Zstd,
            DeltaCompression.None => CompressionMethod.None,
            _ => CompressionMethod.Snappy,
        },
        CompressionLevel = System.IO.Compression.CompressionLevel.Fastest,
    };

    public string FileSuffix => Compression switch
    {
        DeltaCompression.Zstd => ".zstd.parquet",
        DeltaCompression.None => ".parquet",
        _ => ".snappy.parquet",
    };
}
