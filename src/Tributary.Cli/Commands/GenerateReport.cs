namespace Tributary.Cli.Commands;

/// <summary>What <c>tributary generate</c> reports (the <c>--report json</c> document).</summary>
internal sealed record GenerateReport(
    string Out,
    string Schema,
    long Seed,
    int Files,
    long Records,
    long Bytes,
    double Seconds,
    double RecordsPerSecond,
    IReadOnlyList<GenerateReport.File> FileList)
{
    /// <summary>One written file.</summary>
    internal sealed record File(string Path, long Records, long Bytes);
}
