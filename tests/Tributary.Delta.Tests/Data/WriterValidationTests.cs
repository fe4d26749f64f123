namespace Tributary.Delta.Tests.Data;

/// <summary>Every log line the writer produces, across all operations, follows the protocol notes.</summary>
public sealed class WriterValidationTests
{
    [Fact]
    public async Task Every_commit_of_every_operation_is_valid()
    {
        using var fixture = new TableFixture();
        var table = await fixture.CreateAsync(SampleData.Schema, ["region"]);
        var versions = new List<long>
        {
            (await table.AppendAsync(SampleData.Rows(0, 40))).Version,
            (await table.AppendAsync(SampleData.Rows(40, 40), new DeltaWriteOptions { AppTransaction = ("app", 1) })).Version,
            (await table.MergeAsync(SampleData.Rows(30, 20, "-merged"), new DeltaMergeOptions { KeyColumns = ["id"], PreserveOnUpdate = ["ts"] })).Version,
            (await table.DeleteAsync(DeltaPredicate.LessThan("id", 10L))).Version,
            (await table.OverwriteAsync(SampleData.Rows(0, 11).Take([0, 10]), DeltaPredicate.Equal("region", "eu west"))).Version,
            (await table.AppendAsync(SampleData.Rows(100, 10))).Version,
            (await table.OptimizeAsync()).Version,
        };

        await LogValidator.ValidateAsync(fixture.Path);

        var snapshot = await table.GetSnapshotAsync();
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], versions);
        Assert.All(snapshot.Files, f => Assert.False(f.DataChange));
        var rows = await snapshot.ReadAllAsync();
        Assert.Equal(Enumerable.Range(10, 70).Count(i => SampleData.Regions[i % 5] != "eu west" || i % 11 == 5) + 2 + 10, rows.RowCount);
    }
}
