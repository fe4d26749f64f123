using System.Diagnostics;
using Tributary.Delta.Schema;

namespace Tributary.Delta.Tests.Data;

/// <summary>Four real processes append and merge into one local table at once; no commit and no row is lost.</summary>
public sealed class ConcurrencyTests
{
    private const int Workers = 4;
    private const int Operations = 6;

    [Fact]
    public async Task Four_processes_appending_and_merging_lose_nothing()
    {
        using var fixture = new TableFixture();
        var schema = new StructType(
            new StructField("bucket", PrimitiveType.Integer),
            new StructField("id", PrimitiveType.Long),
            new StructField("writer", PrimitiveType.Integer),
            new StructField("value", PrimitiveType.String));
        await fixture.CreateAsync(schema, ["bucket"]);

        var processes = Enumerable.Range(0, Workers).Select(w => Start(fixture.Path, w)).ToList();
        var outputs = await Task.WhenAll(processes.Select(async p =>
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            return (p.ExitCode, Out: await stdout, Err: await stderr);
        }));

        Assert.All(outputs, o => Assert.True(o.ExitCode == 0, $"worker failed ({o.ExitCode}): {o.Err}\n{o.Out}"));
        var table = await DeltaTable.OpenAsync(fixture.Storage);
        var snapshot = await table.GetSnapshotAsync();
        Assert.Equal(Workers * Operations, snapshot.Version);
        for (var w = 0; w < Workers; w++)
        {
            Assert.Equal(Operations - 1, snapshot.GetAppTransactionVersion($"worker-{w}"));
        }

        var history = await table.GetHistoryAsync();
        Assert.Equal(Workers * Operations / 2, history.Count(h => h.Operation == "MERGE"));
        var rows = await snapshot.ReadAllAsync();
        var ids = rows.Column<long?>("id");
        Assert.Equal(Workers * ((Operations / 2 * 10) + (Operations / 2 * 5)), rows.RowCount);
        Assert.Equal(rows.RowCount, ids.Distinct().Count());
        // Each worker's merges update the first 5 ids it appended; the last merge (operation 5) wins.
        var values = rows.Column<string?>("value");
        var updated = Enumerable.Range(0, rows.RowCount).Where(r => ids[r] % 100_000 < 5).Select(r => values[r]).ToList();
        Assert.Equal(Workers * 5, updated.Count);
        Assert.All(updated, v => Assert.Equal($"merge-{Operations - 1}", v));
    }

    private static Process Start(string table, int worker)
    {
        // The worker builds beside this project with the same configuration (see the ProjectReference).
        var dll = Path.Combine(
            AppContext.BaseDirectory.Replace($"{Path.DirectorySeparatorChar}Tributary.Delta.Tests{Path.DirectorySeparatorChar}", $"{Path.DirectorySeparatorChar}Tributary.Delta.ConcurrencyWorker{Path.DirectorySeparatorChar}", StringComparison.Ordinal),
            "Tributary.Delta.ConcurrencyWorker.dll");
        Assert.True(File.Exists(dll), $"The worker was not built: {dll}");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add(table);
        info.ArgumentList.Add(worker.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.ArgumentList.Add(Operations.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Process.Start(info)!;
    }
}
