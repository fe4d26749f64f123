using Tributary.Delta.Schema;

namespace Tributary.Delta.Internal.Data;

internal sealed class InPredicate(string column, IReadOnlyList<object?> values) : DeltaPredicate
{
    public string Column { get; } = column;

    public IReadOnlyList<object?> Values { get; } = values;

    public override IEnumerable<string> Columns => [Column];

    internal override bool? Evaluate(IValueSource row)
    {
        var actual = row.Get(Column);
        if (actual is null)
        {
            return null;
        }

        var sawNull = false;
        foreach (var value in Values)
        {
            if (value is null)
            {
                sawNull = true;
            }
            else if (ValueComparer.Instance.Compare(actual, value) == 0)
            {
                return true;
            }
        }

        return sawNull ? null : false;
    }

    internal override bool MayMatch(IColumnBounds bounds) =>
        Values.Any(v => new ComparisonPredicate(Column, ComparisonOperator.Equal, v).MayMatch(bounds));

    internal override bool MayFail(IColumnBounds bounds) =>
        Values.All(v => new ComparisonPredicate(Column, ComparisonOperator.Equal, v).MayFail(bounds));

    internal override DeltaPredicate Bind(StructType schema) =>
        new InPredicate(Resolve(schema, Column).Name, Values.Select(v => BindValue(schema, Column, v)).ToArray());

    public override string ToString() => $"{Column} IN ({string.Join(", ", Values.Select(Literal))})";
}
