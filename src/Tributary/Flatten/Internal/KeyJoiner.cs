using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Tributary.Flatten.Internal;

/// <summary>
/// Builds flattened keys (<c>str.join(separator, path)</c>) and remembers them: records of one stream repeat the same
/// keys, so a key is looked up by its parent key and the member's raw UTF-8 name instead of being allocated again.
/// Every key it returns is canonical (one instance per distinct text), so keys can be compared by reference.
/// </summary>
internal sealed class KeyJoiner
{
    // Bounds memory when keys never repeat (for example ids used as keys).
    private const int MaxEntries = 50_000;

    private readonly Dictionary<string, string> _canonical = new(StringComparer.Ordinal);
    private Entry?[] _buckets = new Entry?[4096];
    private int _count;
    private string _separator = "_";

    /// <summary>Sets the separator; changing it forgets every key.</summary>
    public string Separator
    {
        get => _separator;
        set
        {
            if (!string.Equals(value, _separator, StringComparison.Ordinal))
            {
                _separator = value;
                Clear();
            }
        }
    }

    /// <summary>Called between records: forgets everything once the cache is full.</summary>
    public void TrimIfFull()
    {
        if (_count > MaxEntries || _canonical.Count > MaxEntries)
        {
            Clear();
        }
    }

    public string Intern(JsonProperty member) => Lookup(null, member);

    public string Join(string parent, JsonProperty member) => Lookup(parent, member);

    public string Join(string parent, string name) => Canonical(string.Concat(parent, _separator, name));

    public string Canonical(string key)
    {
        if (_canonical.TryGetValue(key, out var existing))
        {
            return existing;
        }

        _canonical.Add(key, key);
        return key;
    }

    private string Lookup(string? parent, JsonProperty member)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(member);
        var hash = new HashCode();
        hash.Add(parent is null ? 0 : RuntimeHelpers.GetHashCode(parent));
        hash.AddBytes(raw);
        var code = hash.ToHashCode();
        ref var bucket = ref _buckets[code & (_buckets.Length - 1)];
        for (var entry = bucket; entry is not null; entry = entry.Next)
        {
            if (entry.Hash == code && ReferenceEquals(entry.Parent, parent) && raw.SequenceEqual(entry.RawName))
            {
                return entry.Key;
            }
        }

        var name = member.Name;
        var key = Canonical(parent is null ? name : string.Concat(parent, _separator, name));
        bucket = new Entry(parent, raw.ToArray(), key, code, bucket);
        if (++_count > _buckets.Length)
        {
            Grow();
        }

        return key;
    }

    private void Grow()
    {
        var buckets = new Entry?[_buckets.Length * 2];
        foreach (var head in _buckets)
        {
            for (var entry = head; entry is not null;)
            {
                var next = entry.Next;
                ref var bucket = ref buckets[entry.Hash & (buckets.Length - 1)];
                entry.Next = bucket;
                bucket = entry;
                entry = next;
            }
        }

        _buckets = buckets;
    }

    private void Clear()
    {
        Array.Clear(_buckets);
        _count = 0;
        _canonical.Clear();
    }

    private sealed class Entry(string? parent, byte[] rawName, string key, int hash, Entry? next)
    {
        public string? Parent { get; } = parent;

        public byte[] RawName { get; } = rawName;

        public string Key { get; } = key;

        public int Hash { get; } = hash;

        public Entry? Next { get; set; } = next;
    }
}
