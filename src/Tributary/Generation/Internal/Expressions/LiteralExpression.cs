namespace Tributary.Generation.Internal.Expressions;

/// <summary>A number, string, boolean or null literal.</summary>
internal sealed class LiteralExpression(ExpressionValue value) : Expression
{
    public ExpressionValue Value { get; } = value;

    public override ExpressionValue Evaluate(RecordState state) => Value;
}
