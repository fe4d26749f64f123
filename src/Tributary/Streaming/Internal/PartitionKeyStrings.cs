using System.Text;
using Tributary.Internal;

namespace Tributary.Streaming.Internal;

/// <summary>
/// The partition-key strings of records, one instance per distinct key, looked up by the key's UTF-8 bytes so that a
/// known key costs neither a decode nor an allocation: keys taken from a record field (the retail pipeline's store
/// number) repeat for almost every record. Random keys never repeat, so the cache stops growing at a fixed size and
/// later keys are decoded each time.
/// </summary>
internal sealed class PartitionKeyStrings
{
    private const int MaxEntries = 4096;
    private const int MaxCachedKeyBytes = 256;
    private readonly Dictionary<byte[], string> _keys = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], string>.AlternateLookup<ReadOnlySpan<byte>> _lookup;

    public PartitionKeyStrings() => _lookup = _keys.GetAlternateLookup<ReadOnlySpan<byte>>();

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxCachedKeyBytes)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        lock (_keys)
        {
            if (_lookup.TryGetValue(utf8, out var known))
            {
                return known;
            }

            var created = Encoding.UTF8.GetString(utf8);
            if (_keys.Count < MaxEntries)
            {
                _keys.Add(utf8.ToArray(), created);
            }

            return created;
        }
    }
}
