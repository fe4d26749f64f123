using System.Globalization;

namespace Tributary.Delta.Internal;

/// <summary>Names of files under <c>_delta_log</c>.</summary>
internal static class LogPaths
{
    public const string LogFolder = "_delta_log/";
    public const string LastCheckpoint = "_delta_log/_last_checkpoint";

    public static string Commit(long version) => $"{LogFolder}{version.ToString("D20", CultureInfo.InvariantCulture)}.json";

    public static string Checkpoint(long version) => $"{LogFolder}{version.ToString("D20", CultureInfo.InvariantCulture)}.checkpoint.parquet";

    /// <summary>The prefix that every file of a version starts with; listing after it includes that version.</summary>
    public static string VersionPrefix(long version) => $"{LogFolder}{version.ToString("D20", CultureInfo.InvariantCulture)}";
}
