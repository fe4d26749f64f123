namespace Tributary.Generation;

/// <summary>What <see cref="DataGenerator.GenerateFilesAsync"/> wrote.</summary>
/// <param name="Files">The files, in order.</param>
/// <param name="Seed">The seed used (reuse it to get the same bytes again).</param>
/// <param name="Elapsed">Wall-clock time.</param>
public sealed record GenerateResult(IReadOnlyList<GeneratedFile> Files, ulong Seed, TimeSpan Elapsed)
{
    /// <summary>Records in all files.</summary>
    public long Records => Files.Sum(f => f.Records);

    /// <summary>Bytes in all files.</summary>
    public long Bytes => Files.Sum(f => f.Bytes);
}
