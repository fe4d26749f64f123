using System.Collections.Concurrent;

namespace Tributary.Storage.Internal;

/// <summary>
/// Folders this process has created or found, so that a write into one of them costs no <c>mkdir</c> and
/// <c>stat</c>: <see cref="Directory.CreateDirectory(string)"/> makes both system calls for a folder that exists. A folder
/// removed behind the cache's back is still handled: a write that finds it missing calls <see cref="Forget"/> and
/// creates it again (see <see cref="TempFiles"/>).
/// </summary>
internal static class KnownFolders
{
    // Raw partition folders number in the thousands; past this bound the cache starts over rather than grow.
    private const int MaxKnown = 65_536;
    private static readonly ConcurrentDictionary<string, byte> Known = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, byte>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Known.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// Makes sure <paramref name="folder"/> (a full path) exists. Its parent is made sure of first, so a new folder
    /// under a known one costs one <c>mkdir</c>: <see cref="Directory.CreateDirectory(string)"/> alone would try the
    /// folder, then each missing parent upwards, before creating them downwards.
    /// </summary>
    public static void Ensure(ReadOnlySpan<char> folder)
    {
        if (folder.IsEmpty || Lookup.ContainsKey(folder))
        {
            return;
        }

        var parent = Path.GetDirectoryName(folder);
        if (parent.Length < folder.Length)
        {
            Ensure(parent);
        }

        // Creates any parent removed since it was cached, too.
        var path = folder.ToString();
        Directory.CreateDirectory(path);
        if (Known.Count >= MaxKnown)
        {
            Known.Clear();
        }

        Known.TryAdd(path, 0);
    }

    /// <summary>Drops <paramref name="folder"/> from the cache: it was found missing.</summary>
    public static void Forget(ReadOnlySpan<char> folder) => Lookup.TryRemove(folder, out _);
}
