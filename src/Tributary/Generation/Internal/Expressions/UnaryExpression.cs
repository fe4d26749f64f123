namespace Tributary.Generation.Internal.Expressions;

/// <summary>Negation (<c>-x</c>) or logical not (<c>!x</c>, <c>not x</c>).</summary>
internal sealed class UnaryExpression(bool logicalNot, Expression operand) : Expression
{
    public override ExpressionValue Evaluate(RecordState state)
    {
        if (logicalNot)
        {
            return ExpressionValue.Of(!operand.IsTrue(state));
        }

        var value = operand.Evaluate(state);
        return value.Kind == ValueKind.Number ? ExpressionValue.Of(-value.Number) : ExpressionValue.Null;
    }
}
