using Tributary.Delta.Internal.Data;

namespace Tributary.Delta;

/// <summary>
/// A filter on column values: comparisons with a constant, <c>IN</c>, <c>IS NULL</c>, and <c>AND</c>/<c>OR</c>/<c>NOT</c>.
/// It is evaluated on rows with SQL semantics (a comparison with null is unknown, and unknown rows do not match), and
/// on files, from their partition values and min/max/null-count statistics, to skip files that cannot match.
/// </summary>
public abstract class DeltaPredicate
{
    private protected DeltaPredicate()
    {
    }

    /// <summary><c>column = value</c>.</summary>
    public static DeltaPredicate Equal(string column, object? value) => new ComparisonPredicate(column, ComparisonOperator.Equal, value);

    /// <summary><c>column &lt;&gt; value</c>.</summary>
    public static DeltaPredicate NotEqual(string column, object? value) => new NotPredicate(Equal(column, value), requireNotNull: column);

    /// <summary><c>column &lt; value</c>.</summary>
    public static DeltaPredicate LessThan(string column, object? value) => new ComparisonPredicate(column, ComparisonOperator.LessThan, value);

    /// <summary><c>column &lt;= value</c>.</summary>
    public static DeltaPredicate LessThanOrEqual(string column, object? value) => new ComparisonPredicate(column, ComparisonOperator.LessThanOrEqual, value);

    /// <summary><c>column &gt; value</c>.</summary>
    public static DeltaPredicate GreaterThan(string column, object? value) => new ComparisonPredicate(column, ComparisonOperator.GreaterThan, value);

    /// <summary><c>column &gt;= value</c>.</summary>
    public static DeltaPredicate GreaterThanOrEqual(string column, object? value) => new ComparisonPredicate(column, ComparisonOperator.GreaterThanOrEqual, value);

    /// <summary><c>column IN (values)</c>.</summary>
    public static DeltaPredicate In(string column, params object?[] values) => new InPredicate(column, values);

    /// <summary><c>column IS NULL</c>.</summary>
    public static DeltaPredicate IsNull(string column) => new NullPredicate(column, isNull: true);

    /// <summary><c>column IS NOT NULL</c>.</summary>
    public static DeltaPredicate IsNotNull(string column) => new NullPredicate(column, isNull: false);

    /// <summary>Both hold.</summary>
    public static DeltaPredicate And(DeltaPredicate left, DeltaPredicate right) => new LogicalPredicate(left, right, isAnd: true);

    /// <summary>Either holds.</summary>
    public static DeltaPredicate Or(DeltaPredicate left, DeltaPredicate right) => new LogicalPredicate(left, right, isAnd: false);

    /// <summary>The predicate does not hold (unknown stays unknown).</summary>
    public static DeltaPredicate Not(DeltaPredicate predicate) => new NotPredicate(predicate, requireNotNull: null);

    /// <summary>Combines with <c>AND</c>.</summary>
    public static DeltaPredicate operator &(DeltaPredicate left, DeltaPredicate right) => And(left, right);

    /// <summary>Combines with <c>OR</c>.</summary>
    public static DeltaPredicate operator |(DeltaPredicate left, DeltaPredicate right) => Or(left, right);

    /// <summary>Combines with <c>AND</c> (named alternative of the operator).</summary>
    public static DeltaPredicate BitwiseAnd(DeltaPredicate left, DeltaPredicate right) => And(left, right);

    /// <summary>Combines with <c>OR</c> (named alternative of the operator).</summary>
    public static DeltaPredicate BitwiseOr(DeltaPredicate left, DeltaPredicate right) => Or(left, right);

    /// <summary>The columns the predicate reads.</summary>
    public abstract IEnumerable<string> Columns { get; }

    /// <summary>Evaluates on one row, SQL style: true, false or null (unknown).</summary>
    internal abstract bool? Evaluate(IValueSource row);

    /// <summary>Whether any row of a file whose per-column bounds are <paramref name="bounds"/> may satisfy the predicate.</summary>
    internal abstract bool MayMatch(IColumnBounds bounds);

    /// <summary>Whether the predicate could be false for some row of the file (for NOT).</summary>
    internal abstract bool MayFail(IColumnBounds bounds);

    /// <summary>Returns the predicate with literals converted to the column types of <paramref name="schema"/>.</summary>
    internal abstract DeltaPredicate Bind(Schema.StructType schema);

    /// <inheritdoc/>
    public abstract override string ToString();

    internal static string Literal(object? value) => value switch
    {
        null => "NULL",
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "?",
    };

    internal static Schema.StructField Resolve(Schema.StructType schema, string column) =>
        schema.Find(column) ?? throw new DeltaSchemaException($"The predicate names column '{column}', which the table does not have.");

    internal static object? BindValue(Schema.StructType schema, string column, object? value)
    {
        var field = Resolve(schema, column);
        try
        {
            return ValueConverter.ToColumnValue(field.Type, value);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            throw new DeltaSchemaException($"The predicate value {Literal(value)} does not fit column '{column}' of type {ColumnTypes.Describe(field.Type)}: {e.Message}", e);
        }
    }
}
