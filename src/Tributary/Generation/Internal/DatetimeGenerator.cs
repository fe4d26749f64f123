namespace Tributary.Generation.Internal;

/// <summary>Mockaroo "Datetime": a uniform second between min and max (inclusive), written with a strftime format.</summary>
internal sealed class DatetimeGenerator(DateTime min, DateTime max, StrftimeFormat format) : FieldGenerator
{
    private readonly long _minSeconds = min.Ticks / TimeSpan.TicksPerSecond;
    private readonly long _maxSeconds = max.Ticks / TimeSpan.TicksPerSecond;

    public override void Generate(RecordState state, FieldValue value)
    {
        var seconds = state.Random.NextInclusive(_minSeconds, _maxSeconds);
        var buffer = value.BeginText(format.MaxLength);
        value.CommitText(format.Format(new DateTime(seconds * TimeSpan.TicksPerSecond, DateTimeKind.Utc), buffer));
    }
}
