namespace Tributary.Generation.Internal.Expressions;

/// <summary><c>round(x, n)</c>: rounds half away from zero to n decimals (default 0).</summary>
internal sealed class RoundExpression(Expression operand, int decimals) : Expression
{
    public override ExpressionValue Evaluate(RecordState state)
    {
        var value = operand.Evaluate(state);
        return value.Kind == ValueKind.Number
            ? ExpressionValue.Of(Math.Round(value.Number, decimals, MidpointRounding.AwayFromZero))
            : ExpressionValue.Null;
    }
}
