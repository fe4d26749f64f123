using Tributary.TestSupport;

namespace Tributary.Cli.Tests.Load;

public sealed class QueryCommandTests
{
    [SkippableFact]
    public async Task Query_a_spark_table_by_path_as_csv()
    {
        var table = SharedFolder.Require("delta", "golden", "hive", "deltatbl-partitioned");
        var (code, output, error) = await RunAsync("query", "SELECT c1, c2 FROM t WHERE c1 < 3 ORDER BY c1", "--table", $"t={table}", "--format", "csv");

        Assert.True(code == 0, error);
        Assert.Equal("c1,c2\n0,foo0\n1,foo1\n2,foo0\n", output.ReplaceLineEndings("\n"));
    }

    [SkippableFact]
    public async Task Query_by_version_as_json()
    {
        var table = SharedFolder.Require("delta", "golden", "time-travel-start-start20-start40");
        var (code, output, error) = await RunAsync("query", "SELECT count(*) AS n FROM t", "--table", $"t={table}", "--version", "1", "--format", "json");

        Assert.True(code == 0, error);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal(20, json.RootElement[0].GetProperty("n").GetInt64());
    }

    [SkippableFact]
    public async Task Query_as_a_text_table()
    {
        var table = SharedFolder.Require("delta", "golden", "hive", "deltatbl-partition-prune");
        var (code, output, error) = await RunAsync("query", "SELECT name, cnt FROM t WHERE city = 'hz' ORDER BY name", "--table", $"t={table}");

        Assert.True(code == 0, error);
        Assert.Equal("name | cnt\n-----+----\nJim  | 3\nJone | 7\n(2 rows)\n", output.ReplaceLineEndings("\n"));
    }

    [SkippableFact]
    public async Task A_partition_filter_reads_only_the_matching_files_and_says_so()
    {
        var table = SharedFolder.Require("delta", "golden", "hive", "deltatbl-partition-prune");
        var (code, output, error) = await RunAsync("query", "SELECT name, cnt FROM t WHERE city = 'hz' ORDER BY name", "--table", $"t={table}", "--verbose", "--format", "csv");

        Assert.True(code == 0, error);
        Assert.Equal("name,cnt\nJim,3\nJone,7\n", output.ReplaceLineEndings("\n"));
        Assert.Contains("reads 2 of 5 files", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_and_as_of_together_is_a_usage_error()
    {
        var (code, _, error) = await RunAsync("query", "SELECT 1", "--version", "1", "--as-of", "2025-01-01T00:00:00Z");

        Assert.Equal(2, code);
        Assert.Contains("--version and --as-of", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_table_folder_fails_with_one_line()
    {
        using var temp = new TempDirectory();
        var (code, _, error) = await RunAsync("query", "SELECT * FROM t", "--table", $"t={temp.Path}");

        Assert.Equal(1, code);
        Assert.StartsWith("tributary: error:", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await TributaryCli.InvokeAsync(args, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
