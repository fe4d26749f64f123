using System.Text;
using System.Text.Json;

namespace Tributary.Telemetry;

/// <summary>
/// The run history: one JSON line per run in <c>_state/runs.jsonl</c>, newest last. Appends are single writes of a
/// whole line, so a crash leaves at most one torn last line, which readers skip. The file keeps the most recent
/// <see cref="MaxRuns"/> runs.
/// </summary>
public sealed class RunHistory
{
    /// <summary>The file name under the state folder.</summary>
    public const string FileName = "runs.jsonl";

    /// <summary>How many runs the file keeps.</summary>
    public const int MaxRuns = 1000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Uses <c>runs.jsonl</c> under <paramref name="stateFolder"/> (the data root's <c>_state/</c>).</summary>
    public RunHistory(string stateFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateFolder);
        FilePath = Path.Combine(stateFolder, FileName);
    }

    /// <summary>The history file.</summary>
    public string FilePath { get; }

    /// <summary>Appends one run.</summary>
    public async Task AppendAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var line = JsonSerializer.Serialize(run, Json) + "\n";
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            await using (var stream = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
            {
                var bytes = Encoding.UTF8.GetBytes(line);
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            if (new FileInfo(FilePath).Length > MaxRuns * 2L * 1024)
            {
                await TrimAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Reads the most recent <paramref name="limit"/> runs, oldest first; an absent file gives none.</summary>
    public async Task<IReadOnlyList<RunRecord>> ReadRecentAsync(int limit = 50, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(FilePath))
        {
            return [];
        }

        string[] lines;
        await using (var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var reader = new StreamReader(stream, Encoding.UTF8))
        {
            lines = (await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }

        var runs = new List<RunRecord>();
        for (var i = lines.Length - 1; i >= 0 && runs.Count < limit; i--)
        {
            var line = lines[i];
            try
            {
                if (JsonSerializer.Deserialize<RunRecord>(line, Json) is { } run)
                {
                    runs.Add(run);
                }
            }
            catch (JsonException)
            {
                // A torn last line from a crash mid-append: the run it described did not finish recording.
            }
        }

        runs.Reverse();
        return runs;
    }

    private async Task TrimAsync(CancellationToken cancellationToken)
    {
        var lines = await File.ReadAllLinesAsync(FilePath, cancellationToken).ConfigureAwait(false);
        if (lines.Length <= MaxRuns)
        {
            return;
        }

        var temp = FilePath + ".tmp";
        await File.WriteAllLinesAsync(temp, lines.TakeLast(MaxRuns), cancellationToken).ConfigureAwait(false);
        File.Move(temp, FilePath, overwrite: true);
    }
}
