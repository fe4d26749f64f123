namespace Tributary.Generation.Internal.Expressions;

/// <summary>
/// Arithmetic (in <see cref="decimal"/>, so 12.34 × 3 is exactly 37.02), comparisons (numbers numerically, text
/// trimmed and ordinal) and short-circuit logic. <c>+</c> with text concatenates.
/// </summary>
internal sealed class BinaryExpression(BinaryOperator op, Expression left, Expression right) : Expression
{
    public override ExpressionValue Evaluate(RecordState state)
    {
        if (op == BinaryOperator.And)
        {
            return ExpressionValue.Of(left.IsTrue(state) && right.IsTrue(state));
        }

        if (op == BinaryOperator.Or)
        {
            return ExpressionValue.Of(left.IsTrue(state) || right.IsTrue(state));
        }

        var a = left.Evaluate(state);
        var b = right.Evaluate(state);
        switch (op)
        {
            case BinaryOperator.Equal:
                return ExpressionValue.Of(Compare(a, b) == 0);
            case BinaryOperator.NotEqual:
                return ExpressionValue.Of(Compare(a, b) != 0);
            case BinaryOperator.Less:
                return ExpressionValue.Of(Compare(a, b) < 0);
            case BinaryOperator.LessOrEqual:
                return ExpressionValue.Of(Compare(a, b) <= 0);
            case BinaryOperator.Greater:
                return ExpressionValue.Of(Compare(a, b) > 0);
            case BinaryOperator.GreaterOrEqual:
                return ExpressionValue.Of(Compare(a, b) >= 0);
        }

        if (a.Kind == ValueKind.Null || b.Kind == ValueKind.Null)
        {
            return ExpressionValue.Null;
        }

        if (op == BinaryOperator.Add && (a.Kind == ValueKind.Text || b.Kind == ValueKind.Text))
        {
            return ExpressionValue.Of(a.ToString() + b.ToString());
        }

        if (a.Kind != ValueKind.Number || b.Kind != ValueKind.Number)
        {
            return ExpressionValue.Null;
        }

        return op switch
        {
            BinaryOperator.Add => ExpressionValue.Of(a.Number + b.Number),
            BinaryOperator.Subtract => ExpressionValue.Of(a.Number - b.Number),
            BinaryOperator.Multiply => ExpressionValue.Of(a.Number * b.Number),
            BinaryOperator.Divide => b.Number == 0 ? ExpressionValue.Null : ExpressionValue.Of(a.Number / b.Number),
            BinaryOperator.Modulo => b.Number == 0 ? ExpressionValue.Null : ExpressionValue.Of(a.Number % b.Number),
            _ => ExpressionValue.Null,
        };
    }

    public override bool IsTrue(RecordState state) => Evaluate(state).IsTrue;

    private static int Compare(ExpressionValue a, ExpressionValue b)
    {
        if (a.Kind == ValueKind.Number && b.Kind == ValueKind.Number)
        {
            return a.Number.CompareTo(b.Number);
        }

        if (a.Kind == ValueKind.Null || b.Kind == ValueKind.Null)
        {
            return a.Kind == b.Kind ? 0 : 1;
        }

        return string.CompareOrdinal(a.ToString().Trim(), b.ToString().Trim());
    }
}
