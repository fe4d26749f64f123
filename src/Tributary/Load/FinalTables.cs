using Tributary.Configuration;

namespace Tributary.Load;

/// <summary>The final tables by name (<c>curated</c>, <c>sales_summary</c>, <c>rejected</c>) and where they live.</summary>
public static class FinalTables
{
    /// <summary>The names of the load stage's tables, as <c>query</c> registers them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["curated", "sales_summary", "rejected"];

    /// <summary>The object key of a final table named <paramref name="name"/> in the data store (<c>final/curated</c>), or null when the name is not one of <see cref="Names"/>.</summary>
    public static string? KeyOf(string name, LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        return name.ToLowerInvariant() switch
        {
            "curated" => options.CuratedTable,
            "sales_summary" => options.SummaryTable,
            "rejected" => options.RejectedTable,
            _ => null,
        };
    }

    /// <summary>The folder of a final table named <paramref name="name"/>, or null when the name is not one of <see cref="Names"/>.</summary>
    public static string? FolderOf(string name, LoadOptions options, string dataRoot)
    {
        ArgumentNullException.ThrowIfNull(options);
        var relative = KeyOf(name, options);
        return relative is null ? null : Path.GetFullPath(Path.Combine(dataRoot, relative));
    }

    /// <summary>
    /// Resolves a table argument: a final table's name, else a folder path (relative to the working folder).
    /// </summary>
    /// <exception cref="ArgumentException">Neither a known name nor an existing folder.</exception>
    public static string Resolve(string nameOrPath, LoadOptions options, string dataRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrPath);
        if (FolderOf(nameOrPath, options, dataRoot) is { } folder)
        {
            return folder;
        }

        if (Directory.Exists(nameOrPath))
        {
            return Path.GetFullPath(nameOrPath);
        }

        throw new ArgumentException($"'{nameOrPath}' is neither a table name ({string.Join(", ", Names)}) nor a folder.", nameof(nameOrPath));
    }
}
