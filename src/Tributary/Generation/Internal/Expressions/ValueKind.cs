namespace Tributary.Generation.Internal.Expressions;

/// <summary>The kind of an expression's result.</summary>
internal enum ValueKind
{
    Null,
    Number,
    Text,
    Boolean,
}
