using System.Text;

namespace Tributary.Streaming.Internal;

/// <summary>
/// The partition-key strings of records read from a shard, one instance per distinct key: keys taken from a record
/// field (the retail pipeline's store number) repeat for almost every record. Random keys never repeat, so the cache
/// stops growing at a fixed size and later keys are decoded each time.
/// </summary>
internal sealed class PartitionKeyStrings
{
    private const int MaxEntries = 4096;
    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public PartitionKeyStrings() => _lookup = _keys.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > 256)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        Span<char> chars = stackalloc char[256];
        var length = Encoding.UTF8.GetChars(utf8, chars);
        var key = chars[..length];
        lock (_keys)
        {
            if (_lookup.TryGetValue(key, out var known))
            {
                return known;
            }

            var created = key.ToString();
            if (_keys.Count < MaxEntries)
            {
                _keys.Add(created, created);
            }

            return created;
        }
    }
}
