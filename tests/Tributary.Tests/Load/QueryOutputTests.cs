using Tributary.Load;

namespace Tributary.Tests.Load;

public sealed class QueryOutputTests
{
    private const string Sql =
        "SELECT * FROM (VALUES (1, 'plain', 1.5::DOUBLE, DATE '2024-02-29'), (2, 'comma, \"quote\"', 'NaN'::DOUBLE, NULL)) t(id, text, x, d) ORDER BY id";

    [Fact]
    public void Csv_quotes_fields_that_need_it_and_leaves_null_empty()
    {
        Assert.Equal("id,text,x,d\n1,plain,1.5,2024-02-29\n2,\"comma, \"\"quote\"\"\",NaN,\n", Write(QueryOutputFormat.Csv));
    }

    [Fact]
    public void Json_writes_numbers_as_numbers_and_non_finite_values_as_strings()
    {
        using var json = System.Text.Json.JsonDocument.Parse(Write(QueryOutputFormat.Json));
        var rows = json.RootElement;
        Assert.Equal(2, rows.GetArrayLength());
        Assert.Equal(1.5, rows[0].GetProperty("x").GetDouble());
        Assert.Equal("2024-02-29", rows[0].GetProperty("d").GetString());
        Assert.Equal("NaN", rows[1].GetProperty("x").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, rows[1].GetProperty("d").ValueKind);
        Assert.Equal("comma, \"quote\"", rows[1].GetProperty("text").GetString());
    }

    [Fact]
    public void Table_aligns_columns_and_counts_rows()
    {
        Assert.Equal(
            "id | text           | x   | d\n" +
            "---+----------------+-----+-----------\n" +
            "1  | plain          | 1.5 | 2024-02-29\n" +
            "2  | comma, \"quote\" | NaN | NULL\n" +
            "(2 rows)\n",
            Write(QueryOutputFormat.Table));
    }

    private static string Write(QueryOutputFormat format)
    {
        using var session = DeltaQuerySession.Open();
        using var reader = session.Execute(Sql);
        using var output = new StringWriter();
        QueryOutput.Write(reader, output, format);
        return output.ToString().ReplaceLineEndings("\n");
    }
}
