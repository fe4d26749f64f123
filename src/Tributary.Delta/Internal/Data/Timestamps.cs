namespace Tributary.Delta.Internal.Data;

/// <summary>Microsecond timestamps, the precision Delta stores.</summary>
internal static class Timestamps
{
    private const long TicksPerMicro = TimeSpan.TicksPerMillisecond / 1000;

    public static long ToMicros(DateTimeOffset value) => (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TicksPerMicro;

    public static DateTimeOffset FromMicros(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * TicksPerMicro);

    public static DateTimeOffset TruncateToMicros(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TicksPerMicro), TimeSpan.Zero);

    /// <summary>Reads a Parquet timestamp (any unit) as a UTC instant; Parquet.Net reports UTC instants as unspecified kind.</summary>
    public static DateTimeOffset FromParquet(DateTime value) =>
        TruncateToMicros(new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)));

    public static DateTime ToParquet(DateTimeOffset value) => value.UtcDateTime;
}
