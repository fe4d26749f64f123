namespace Tributary.Generation.Internal;

/// <summary>Mockaroo "Number": uniform between min and max (inclusive) with a fixed number of decimals.</summary>
internal sealed class NumberGenerator : FieldGenerator
{
    private readonly long _minScaled;
    private readonly long _maxScaled;
    private readonly byte _decimals;

    public NumberGenerator(decimal min, decimal max, int decimals)
    {
        var factor = Pow10(decimals);
        _minScaled = (long)Math.Ceiling(min * factor);
        _maxScaled = (long)Math.Floor(max * factor);
        _decimals = (byte)decimals;
        if (_maxScaled < _minScaled)
        {
            throw new ArgumentException($"min {min} is greater than max {max}");
        }
    }

    public override void Generate(RecordState state, FieldValue value)
    {
        var scaled = state.Random.NextInclusive(_minScaled, _maxScaled);
        if (_decimals == 0)
        {
            value.SetInteger(scaled);
        }
        else
        {
            var magnitude = (ulong)Math.Abs(scaled);
            value.SetDecimal(new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, scaled < 0, _decimals));
        }
    }

    private static decimal Pow10(int decimals)
    {
        var factor = 1m;
        for (var i = 0; i < decimals; i++)
        {
            factor *= 10;
        }

        return factor;
    }
}
