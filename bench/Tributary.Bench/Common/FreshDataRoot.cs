using Tributary.Configuration;

namespace Tributary.Bench.Common;

/// <summary>
/// A data root with a copy of the input files under <c>source/</c>, for one measured run. The previous run's folder
/// is moved aside, not deleted, and deleted by <see cref="DeletePrevious"/> after the measurement: on ext4 without a
/// journal (this VM), creating a file scans past every inode deleted in the last half minute, so deleting 60,000 raw
/// objects just before a run made each file creation of the run cost about a millisecond of kernel time.
/// </summary>
internal sealed class FreshDataRoot
{
    private readonly string _previous;

    private FreshDataRoot(string path, long inputBytes)
    {
        Path = path;
        InputBytes = inputBytes;
        _previous = path.TrimEnd(System.IO.Path.DirectorySeparatorChar) + ".previous";
    }

    public string Path { get; }

    /// <summary>The bytes of the <c>*.json</c> input files copied in.</summary>
    public long InputBytes { get; }

    /// <summary>Moves <paramref name="dataRoot"/> aside and fills a new one with the <c>*.json</c> files of <paramref name="input"/>.</summary>
    public static FreshDataRoot Create(string input, string dataRoot)
    {
        var root = new FreshDataRoot(dataRoot, 0);
        root.DeletePrevious();
        if (Directory.Exists(dataRoot))
        {
            Directory.Move(dataRoot, root._previous);
        }

        var source = System.IO.Path.Combine(dataRoot, DataLayout.Source);
        Directory.CreateDirectory(source);
        long inputBytes = 0;
        foreach (var file in Directory.GetFiles(input, "*.json"))
        {
            File.Copy(file, System.IO.Path.Combine(source, System.IO.Path.GetFileName(file)));
            inputBytes += new FileInfo(file).Length;
        }

        return new FreshDataRoot(dataRoot, inputBytes);
    }

    /// <summary>Deletes the previous run's folder: call it once the run is measured.</summary>
    public void DeletePrevious()
    {
        if (Directory.Exists(_previous))
        {
            Directory.Delete(_previous, recursive: true);
        }
    }
}
