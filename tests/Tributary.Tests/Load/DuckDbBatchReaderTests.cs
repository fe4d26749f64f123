using Tributary.Delta;
using Tributary.Delta.Schema;
using Tributary.Load.Internal;

namespace Tributary.Tests.Load;

public sealed class DuckDbBatchReaderTests
{
    [Fact]
    public void WideDecimalResult_ReadsAsDeltaDecimal()
    {
        using var session = DuckDbSession.Open();
        const string sql = "SELECT CAST('12345678901234567890.25' AS DECIMAL(38,2)) AS total UNION ALL SELECT NULL";

        var schema = DuckDbBatchReader.SchemaOf(session, sql);
        var batch = DuckDbBatchReader.ReadAll(session, sql, schema);

        Assert.Equal(new DecimalType(38, 2), schema.Fields[0].Type);
        var column = Assert.IsType<DeltaDecimal?[]>(batch.Columns[0]);
        Assert.Equal("12345678901234567890.25", column[0]!.Value.ToString());
        Assert.Null(column[1]);
    }

    [Fact]
    public void WideDecimalBeyondSystemDecimal_FailsNamingTheColumn()
    {
        using var session = DuckDbSession.Open();
        const string sql = "SELECT CAST('1234567890123456789012345678901234.5' AS DECIMAL(38,1)) AS huge";

        var schema = DuckDbBatchReader.SchemaOf(session, sql);
        var error = Record.Exception(() => DuckDbBatchReader.ReadAll(session, sql, schema));

        Assert.NotNull(error);
        Assert.Contains("huge", error.Message, StringComparison.Ordinal);
    }
}
