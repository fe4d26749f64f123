namespace Tributary.Generation;

/// <summary>What <see cref="DataGenerator.GenerateFilesAsync"/> writes.</summary>
public sealed record GenerateRequest
{
    /// <summary>The folder the files go to (created when missing).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Records in each file.</summary>
    public required long RowsPerFile { get; init; }

    /// <summary>How many files.</summary>
    public int Files { get; init; } = 1;

    /// <summary>The seed: the same seed, schema and settings give byte-identical files.</summary>
    public ulong Seed { get; init; }

    /// <summary>JSON array (default) or JSON Lines.</summary>
    public GeneratedFileFormat Format { get; init; } = GeneratedFileFormat.Array;

    /// <summary>Gzip each file (adds <c>.gz</c>).</summary>
    public bool Gzip { get; init; }

    /// <summary>The file name prefix; null uses the schema's name. Files are <c>&lt;prefix&gt;-00001.json</c>, ...</summary>
    public string? FilePrefix { get; init; }

    /// <summary>How many files are written at once (each file is one sequential stream).</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;
}
