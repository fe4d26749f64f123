using Tributary.Delta.Schema;

namespace Tributary.Delta.Internal.Data;

/// <summary>AND or OR of two predicates, with SQL's three-valued logic (null when the outcome is unknown).</summary>
internal sealed class LogicalPredicate(DeltaPredicate left, DeltaPredicate right, bool isAnd) : DeltaPredicate
{
    public override IEnumerable<string> Columns => left.Columns.Concat(right.Columns);

    // AND is decided by a false operand, OR by a true one; both operands known and neither deciding gives the other value.
    private bool Decisive => !isAnd;

    internal override bool? Evaluate(IValueSource row)
    {
        var a = left.Evaluate(row);
        if (a == Decisive)
        {
            return Decisive;
        }

        var b = right.Evaluate(row);
        if (b == Decisive)
        {
            return Decisive;
        }

        return a.HasValue && b.HasValue ? !Decisive : null;
    }

    internal override bool MayMatch(IColumnBounds bounds) =>
        isAnd ? left.MayMatch(bounds) && right.MayMatch(bounds) : left.MayMatch(bounds) || right.MayMatch(bounds);

    internal override bool MayFail(IColumnBounds bounds) =>
        isAnd ? left.MayFail(bounds) || right.MayFail(bounds) : left.MayFail(bounds) && right.MayFail(bounds);

    internal override DeltaPredicate Bind(StructType schema) => new LogicalPredicate(left.Bind(schema), right.Bind(schema), isAnd);

    public override string ToString() => $"({left} {(isAnd ? "AND" : "OR")} {right})";
}
