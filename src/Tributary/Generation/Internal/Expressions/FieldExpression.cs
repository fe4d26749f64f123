using System.Text;

namespace Tributary.Generation.Internal.Expressions;

/// <summary><c>field('Name')</c>: the value of an earlier column of the same record.</summary>
internal sealed class FieldExpression(int slot) : Expression
{
    public int Slot { get; } = slot;

    public override ExpressionValue Evaluate(RecordState state)
    {
        var value = state.Values[Slot];
        return value.Kind switch
        {
            FieldKind.Integer => ExpressionValue.Of(value.Integer),
            FieldKind.Decimal => ExpressionValue.Of(value.Decimal),
            FieldKind.Text => ExpressionValue.Of(Encoding.UTF8.GetString(value.Text)),
            _ => ExpressionValue.Null,
        };
    }
}
