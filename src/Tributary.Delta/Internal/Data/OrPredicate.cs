using Tributary.Delta.Schema;

namespace Tributary.Delta.Internal.Data;

internal sealed class OrPredicate(DeltaPredicate left, DeltaPredicate right) : DeltaPredicate
{
    public override IEnumerable<string> Columns => left.Columns.Concat(right.Columns);

    internal override bool? Evaluate(IValueSource row)
    {
        var a = left.Evaluate(row);
        if (a == true)
        {
            return true;
        }

        var b = right.Evaluate(row);
        return b == true ? true : (a == false && b == false ? false : null);
    }

    internal override bool MayMatch(IColumnBounds bounds) => left.MayMatch(bounds) || right.MayMatch(bounds);

    internal override bool MayFail(IColumnBounds bounds) => left.MayFail(bounds) && right.MayFail(bounds);

    internal override DeltaPredicate Bind(StructType schema) => new OrPredicate(left.Bind(schema), right.Bind(schema));

    public override string ToString() => $"({left} OR {right})";
}
