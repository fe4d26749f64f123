using System.Text;
using Tributary.Generation.Internal.Expressions;

namespace Tributary.Generation.Internal;

/// <summary>Mockaroo "Formula": evaluates an expression over earlier columns; numbers keep their decimal scale.</summary>
internal sealed class FormulaGenerator(Expression expression) : FieldGenerator
{
    public override void Generate(RecordState state, FieldValue value)
    {
        var result = expression.Evaluate(state);
        switch (result.Kind)
        {
            case ValueKind.Number:
                value.SetDecimal(result.Number);
                break;
            case ValueKind.Null:
                value.SetNull();
                break;
            default:
                var text = result.ToString();
                var buffer = value.BeginText(Encoding.UTF8.GetMaxByteCount(text.Length));
                value.CommitText(Encoding.UTF8.GetBytes(text, buffer));
                break;
        }
    }
}
