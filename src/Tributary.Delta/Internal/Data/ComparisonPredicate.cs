using Tributary.Delta.Schema;

namespace Tributary.Delta.Internal.Data;

internal sealed class ComparisonPredicate(string column, ComparisonOperator op, object? value) : DeltaPredicate
{
    public string Column { get; } = column;

    public ComparisonOperator Operator { get; } = op;

    public object? Value { get; } = value;

    public override IEnumerable<string> Columns => [Column];

    internal override bool? Evaluate(IValueSource row)
    {
        var actual = row.Get(Column);
        if (actual is null || Value is null)
        {
            return null;
        }

        var c = ValueComparer.Instance.Compare(actual, Value);
        return Operator switch
        {
            ComparisonOperator.Equal => c == 0,
            ComparisonOperator.LessThan => c < 0,
            ComparisonOperator.LessThanOrEqual => c <= 0,
            ComparisonOperator.GreaterThan => c > 0,
            _ => c >= 0,
        };
    }

    internal override bool MayMatch(IColumnBounds bounds)
    {
        if (Value is null)
        {
            return false;
        }

        if (!bounds.TryGet(Column, out var b))
        {
            return true;
        }

        if (b.AllNull)
        {
            return false;
        }

        var cmp = ValueComparer.Instance;
        return Operator switch
        {
            ComparisonOperator.Equal => (b.Min is null || cmp.Compare(b.Min, Value) <= 0) && (b.Max is null || cmp.Compare(b.Max, Value) >= 0),
            ComparisonOperator.LessThan => b.Min is null || cmp.Compare(b.Min, Value) < 0,
            ComparisonOperator.LessThanOrEqual => b.Min is null || cmp.Compare(b.Min, Value) <= 0,
            ComparisonOperator.GreaterThan => b.Max is null || cmp.Compare(b.Max, Value) > 0,
            _ => b.Max is null || cmp.Compare(b.Max, Value) >= 0,
        };
    }

    internal override bool MayFail(IColumnBounds bounds)
    {
        if (Value is null || !bounds.TryGet(Column, out var b) || !b.NoNulls || b.Min is null || b.Max is null)
        {
            return true;
        }

        // The predicate surely holds for every row only when the whole [min, max] range satisfies it.
        var cmp = ValueComparer.Instance;
        return Operator switch
        {
            ComparisonOperator.Equal => !(cmp.Compare(b.Min, Value) == 0 && cmp.Compare(b.Max, Value) == 0),
            ComparisonOperator.LessThan => cmp.Compare(b.Max, Value) >= 0,
            ComparisonOperator.LessThanOrEqual => cmp.Compare(b.Max, Value) > 0,
            ComparisonOperator.GreaterThan => cmp.Compare(b.Min, Value) <= 0,
            _ => cmp.Compare(b.Min, Value) < 0,
        };
    }

    internal override DeltaPredicate Bind(StructType schema) =>
        new ComparisonPredicate(Resolve(schema, Column).Name, Operator, BindValue(schema, Column, Value));

    public override string ToString() => $"{Column} {Symbol} {Literal(Value)}";

    private string Symbol => Operator switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.LessThan => "<",
        ComparisonOperator.LessThanOrEqual => "<=",
        ComparisonOperator.GreaterThan => ">",
        _ => ">=",
    };
}
