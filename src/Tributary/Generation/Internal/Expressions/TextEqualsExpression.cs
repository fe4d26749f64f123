using System.Text;

namespace Tributary.Generation.Internal.Expressions;

/// <summary>
/// <c>field('X') == 'text'</c> (or <c>!=</c>) without allocating: both sides are compared with surrounding white
/// space trimmed, ordinal and case-sensitive. Trimming is what lets the seed's rule <c>== 'Europe'</c> match the list
/// value <c>"Europe "</c>.
/// </summary>
internal sealed class TextEqualsExpression(int slot, string literal, bool negate) : Expression
{
    private readonly byte[] _literal = Encoding.UTF8.GetBytes(literal.Trim());

    public override ExpressionValue Evaluate(RecordState state) => ExpressionValue.Of(IsTrue(state));

    public override bool IsTrue(RecordState state)
    {
        var value = state.Values[slot];
        bool equal;
        if (value.Kind == FieldKind.Text)
        {
            equal = value.Text.Trim(" \t\r\n"u8).SequenceEqual(_literal);
        }
        else if (value.Kind == FieldKind.Null)
        {
            equal = false;
        }
        else
        {
            Span<byte> buffer = stackalloc byte[40];
            equal = buffer[..value.FormatText(buffer)].SequenceEqual(_literal);
        }

        return equal != negate;
    }
}
