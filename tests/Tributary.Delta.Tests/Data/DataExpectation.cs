namespace Tributary.Delta.Tests.Data;

/// <summary>The rows a Spark-written table must read as (see golden/INDEX.md and dat/INDEX.md), rendered by <see cref="RowText"/>.</summary>
/// <param name="Table">Path under shared/delta.</param>
/// <param name="Columns">The columns rendered, in order.</param>
/// <param name="Rows">The expected rows (any order).</param>
/// <param name="Version">The version to read, latest when null.</param>
public sealed record DataExpectation(string Table, string[] Columns, IReadOnlyList<string> Rows, long? Version = null)
{
    public override string ToString() => Version is null ? Table : $"{Table}@v{Version}";
}
