using Tributary.Delta.Schema;

namespace Tributary.Delta.Internal.Data;

internal sealed class NullPredicate(string column, bool isNull) : DeltaPredicate
{
    public string Column { get; } = column;

    public override IEnumerable<string> Columns => [Column];

    internal override bool? Evaluate(IValueSource row) => (row.Get(Column) is null) == isNull;

    internal override bool MayMatch(IColumnBounds bounds)
    {
        if (!bounds.TryGet(Column, out var b))
        {
            return true;
        }

        return isNull ? b.NullCount is not { } n || n > 0 : !b.AllNull;
    }

    internal override bool MayFail(IColumnBounds bounds)
    {
        if (!bounds.TryGet(Column, out var b))
        {
            return true;
        }

        return isNull ? !b.AllNull : b.NullCount is not { } n || n > 0;
    }

    internal override DeltaPredicate Bind(StructType schema) => new NullPredicate(Resolve(schema, Column).Name, isNull);

    public override string ToString() => isNull ? $"{Column} IS NULL" : $"{Column} IS NOT NULL";
}
