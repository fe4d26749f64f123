using System.Globalization;

namespace Tributary.Delta.Internal;

/// <summary>The commits and complete checkpoints found by listing <c>_delta_log</c>.</summary>
internal sealed class LogListing
{
    public SortedList<long, DeltaFileInfo> Commits { get; } = [];

    /// <summary>Complete checkpoints by version: one classic file, or every part of a multi-part set.</summary>
    public SortedList<long, IReadOnlyList<DeltaFileInfo>> Checkpoints { get; } = [];

    /// <summary>Every log file with a version (json, checkpoints, crc, compactions), for cleanup.</summary>
    public List<(long Version, DeltaFileInfo File)> VersionedFiles { get; } = [];

    public bool IsEmpty => Commits.Count == 0 && Checkpoints.Count == 0;

    public long LatestVersion => Math.Max(Commits.Count == 0 ? -1 : Commits.Keys[^1], Checkpoints.Count == 0 ? -1 : Checkpoints.Keys[^1]);

    public static async Task<LogListing> ListAsync(IDeltaStorage storage, long? fromVersion, CancellationToken cancellationToken)
    {
        var listing = new LogListing();
        var multiPart = new Dictionary<(long Version, int Parts), SortedList<int, DeltaFileInfo>>();
        var startAfter = fromVersion is { } from ? LogPaths.VersionPrefix(from) : null;
        await foreach (var file in storage.ListAsync(LogPaths.LogFolder, startAfter, cancellationToken).ConfigureAwait(false))
        {
            var name = file.Path.AsSpan(LogPaths.LogFolder.Length);
            if (name.Length < 21 || name.Contains('/') || name[20] != '.' || !long.TryParse(name[..20], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                continue;
            }

            var suffix = name[21..];
            if (suffix.SequenceEqual("json"))
            {
                listing.Commits[version] = file;
            }
            else if (suffix.SequenceEqual("checkpoint.parquet"))
            {
                listing.Checkpoints[version] = [file];
            }
            else if (TryParsePart(suffix, out var part, out var parts))
            {
                if (!multiPart.TryGetValue((version, parts), out var set))
                {
                    multiPart[(version, parts)] = set = [];
                }

                set[part] = file;
            }
            else if (!suffix.StartsWith("checkpoint.") && !suffix.SequenceEqual("crc") && !suffix.EndsWith(".compacted.json"))
            {
                continue;
            }

            listing.VersionedFiles.Add((version, file));
        }

        foreach (var ((version, parts), set) in multiPart)
        {
            // Sets with missing parts are ignored (PROTOCOL-NOTES §7); a classic checkpoint of the same version wins.
            if (set.Count == parts && !listing.Checkpoints.ContainsKey(version))
            {
                listing.Checkpoints[version] = [.. set.Values];
            }
        }

        return listing;
    }

    /// <summary>The newest complete checkpoint at or before <paramref name="version"/>.</summary>
    public long? CheckpointAtOrBefore(long version)
    {
        for (var i = Checkpoints.Count - 1; i >= 0; i--)
        {
            if (Checkpoints.Keys[i] <= version)
            {
                return Checkpoints.Keys[i];
            }
        }

        return null;
    }

    // checkpoint.0000000001.0000000002.parquet
    private static bool TryParsePart(ReadOnlySpan<char> suffix, out int part, out int parts)
    {
        part = parts = 0;
        return suffix.Length == "checkpoint.0000000001.0000000002.parquet".Length
            && suffix.StartsWith("checkpoint.")
            && suffix.EndsWith(".parquet")
            && suffix[21] == '.'
            && int.TryParse(suffix.Slice(11, 10), NumberStyles.None, CultureInfo.InvariantCulture, out part)
            && int.TryParse(suffix.Slice(22, 10), NumberStyles.None, CultureInfo.InvariantCulture, out parts)
            && part >= 1 && part <= parts;
    }
}
