using Tributary.Delta.Schema;

namespace Tributary.Delta.Internal.Data;

/// <summary>Negation; with <c>requireNotNull</c> it is <c>&lt;&gt;</c>, which is unknown (not true) for null values.</summary>
internal sealed class NotPredicate(DeltaPredicate inner, string? requireNotNull) : DeltaPredicate
{
    public override IEnumerable<string> Columns => inner.Columns;

    internal override bool? Evaluate(IValueSource row) => !inner.Evaluate(row);

    internal override bool MayMatch(IColumnBounds bounds) => inner.MayFail(bounds);

    // A row fails NOT p when p holds or is unknown; unknown needs a null in one of p's columns.
    internal override bool MayFail(IColumnBounds bounds) =>
        inner.MayMatch(bounds) || inner.Columns.Any(c => !bounds.TryGet(c, out var b) || !b.NoNulls);

    internal override DeltaPredicate Bind(StructType schema) => new NotPredicate(inner.Bind(schema), requireNotNull);

    public override string ToString() => requireNotNull is not null && inner is ComparisonPredicate c
        ? $"{c.Column} <> {Literal(c.Value)}"
        : $"NOT ({inner})";
}
