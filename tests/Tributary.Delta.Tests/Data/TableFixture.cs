using Tributary.Delta.Schema;
using Tributary.TestSupport;

namespace Tributary.Delta.Tests.Data;

/// <summary>A fresh local table in a temp folder.</summary>
internal sealed class TableFixture : IDisposable
{
    private readonly TempDirectory _folder = new("delta-data");

    public string Path => _folder.Path;

    public LocalDeltaStorage Storage => new(_folder.Path);

    public Task<DeltaTable> CreateAsync(StructType schema, IReadOnlyList<string>? partitions = null, IReadOnlyDictionary<string, string>? configuration = null) =>
        DeltaTable.CreateAsync(Storage, schema, partitions, configuration);

    public void Dispose() => _folder.Dispose();
}
