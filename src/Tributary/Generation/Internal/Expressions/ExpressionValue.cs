using System.Globalization;

namespace Tributary.Generation.Internal.Expressions;

/// <summary>The result of evaluating an expression for one record.</summary>
internal readonly record struct ExpressionValue(ValueKind Kind, decimal Number = 0, string? Text = null, bool Boolean = false)
{
    public static readonly ExpressionValue Null = new(ValueKind.Null);

    public static ExpressionValue Of(decimal number) => new(ValueKind.Number, Number: number);

    public static ExpressionValue Of(string text) => new(ValueKind.Text, Text: text);

    public static ExpressionValue Of(bool value) => new(ValueKind.Boolean, Boolean: value);

    public bool IsTrue => Kind switch
    {
        ValueKind.Boolean => Boolean,
        ValueKind.Number => Number != 0,
        ValueKind.Text => Text!.Length > 0,
        _ => false,
    };

    public override string ToString() => Kind switch
    {
        ValueKind.Number => Number.ToString(CultureInfo.InvariantCulture),
        ValueKind.Text => Text!,
        ValueKind.Boolean => Boolean ? "true" : "false",
        _ => "",
    };
}
