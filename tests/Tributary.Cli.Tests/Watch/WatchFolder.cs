using System.Globalization;
using Tributary.Configuration;
using Tributary.Monitoring;
using Tributary.TestSupport;

namespace Tributary.Cli.Tests.Watch;

/// <summary>
/// A temp folder set up for a <c>watch</c> child-process test: generated retail files waiting outside the data root,
/// a <c>tributary.json</c> for watch over <c>data/</c> (2 shards, no load schedule), the empty <c>data/source/</c>,
/// and an inspector of that data root.
/// </summary>
internal sealed class WatchFolder : IDisposable
{
    private WatchFolder(TempDirectory temp)
    {
        Temp = temp;
        Inspector = new PipelineInspector(new TributaryOptions { Storage = { DataRoot = temp.Combine("data") } });
    }

    public TempDirectory Temp { get; }

    public string Path => Temp.Path;

    /// <summary>Where the generated files are, before a test lands them in <see cref="Source"/>.</summary>
    public string Generated => Temp.Combine("generated");

    public string Source => Temp.Combine("data", "source");

    public string Config => Temp.Combine("tributary.json");

    public PipelineInspector Inspector { get; }

    public static async Task<WatchFolder> CreateAsync(int files, int recordsPerFile, int seed, int pollIntervalSeconds)
    {
        var folder = new WatchFolder(new TempDirectory());
        var made = await CliRun.InvokeAsync("generate", "--rows", recordsPerFile.ToString(CultureInfo.InvariantCulture),
            "--files", files.ToString(CultureInfo.InvariantCulture), "--seed", seed.ToString(CultureInfo.InvariantCulture), "--out", folder.Generated);
        Assert.True(made.ExitCode == 0, made.Error);
        await File.WriteAllTextAsync(folder.Config, $$"""
            { "Storage": { "DataRoot": "data" }, "Stream": { "ShardCount": 2 }, "Watch": { "PollIntervalSeconds": {{pollIntervalSeconds}}, "LoadSchedule": "" } }
            """);
        Directory.CreateDirectory(folder.Source);
        return folder;
    }

    public void Dispose() => Temp.Dispose();
}
