namespace Tributary.Generation.Internal;

/// <summary>Applies a column's <c>null_percentage</c> before its own generator.</summary>
internal sealed class NullableGenerator(FieldGenerator inner, double nullPercentage) : FieldGenerator
{
    private readonly double _probability = nullPercentage / 100.0;

    public override void Generate(RecordState state, FieldValue value)
    {
        if (state.Random.NextDouble() < _probability)
        {
            value.SetNull();
            return;
        }

        inner.Generate(state, value);
    }
}
