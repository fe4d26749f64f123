using System.Reflection;

namespace Tributary.Load.Internal;

/// <summary>The curation SQL scripts and dimension CSVs: from a configured folder, else built into the assembly.</summary>
internal sealed class CurationResources
{
    /// <summary>The dimension files the curation joins, by file name.</summary>
    public static readonly IReadOnlyList<string> DimensionFiles = ["country_currency.csv", "currency_rate.csv", "discount_code.csv"];

    private readonly string? _sqlFolder;
    private readonly string? _dimensionsFolder;

    public CurationResources(string? sqlFolder, string? dimensionsFolder)
    {
        _sqlFolder = sqlFolder;
        _dimensionsFolder = dimensionsFolder;
    }

    /// <summary>The text of <c>curate.sql</c> or <c>sales_summary.sql</c>.</summary>
    public string ReadSql(string fileName) =>
        _sqlFolder is null ? ReadEmbedded($"Tributary.Load.sql.{fileName}") : File.ReadAllText(Path.Combine(_sqlFolder, fileName));

    /// <summary>The text of a dimension CSV.</summary>
    public string ReadDimension(string fileName) =>
        _dimensionsFolder is null ? ReadEmbedded($"Tributary.Load.dim.{fileName}") : File.ReadAllText(Path.Combine(_dimensionsFolder, fileName));

    /// <summary>Where a dimension comes from, for messages.</summary>
    public string DescribeDimension(string fileName) =>
        _dimensionsFolder is null ? $"built-in {fileName}" : Path.Combine(_dimensionsFolder, fileName);

    private static string ReadEmbedded(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The Tributary assembly has no resource '{name}'.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
