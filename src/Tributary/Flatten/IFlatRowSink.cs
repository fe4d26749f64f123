namespace Tributary.Flatten;

/// <summary>Receives the rows of a flattened record, in flatsplode's order.</summary>
public interface IFlatRowSink
{
    /// <summary>
    /// Receives one row. The span is only valid during the call: copy what must outlive it.
    /// </summary>
    void OnRow(ReadOnlySpan<FlatColumn> columns);
}
