namespace Tributary.Delta.Internal.Data;

internal enum ComparisonOperator
{
    Equal,
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
}
