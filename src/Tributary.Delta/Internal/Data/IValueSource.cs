namespace Tributary.Delta.Internal.Data;

/// <summary>Column values of one row, for predicate evaluation.</summary>
internal interface IValueSource
{
    object? Get(string column);
}
