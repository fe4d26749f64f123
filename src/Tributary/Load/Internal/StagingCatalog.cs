namespace Tributary.Load.Internal;

/// <summary>Finds staging batches: the Parquet files under the staging prefix, in ordinal key order.</summary>
internal static class StagingCatalog
{
    /// <summary>
    /// Lists the <c>.parquet</c> files under <c>dataRoot/prefix</c>, keys relative to <paramref name="dataRoot"/>
    /// with <c>/</c>. Hidden and temporary files (a name starting with <c>.</c> or <c>_</c>) are in-flight writes and skipped.
    /// </summary>
    public static IReadOnlyList<StagingBatch> ListLocal(string dataRoot, string prefix)
    {
        var folder = Path.Combine(dataRoot, prefix);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var batches = new List<StagingBatch>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith('.') || name.StartsWith('_'))
            {
                continue;
            }

            var key = Path.GetRelativePath(dataRoot, path).Replace(Path.DirectorySeparatorChar, '/');
            batches.Add(new StagingBatch(key, Path.GetFullPath(path)));
        }

        batches.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return batches;
    }
}
