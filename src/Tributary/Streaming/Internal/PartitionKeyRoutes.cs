using System.Collections.Concurrent;
using System.Text;

namespace Tributary.Streaming.Internal;

/// <summary>
/// The shard and UTF-8 bytes of recently seen partition keys. Keys taken from a record field (the retail pipeline's
/// store number) repeat for every record, and an MD5 through the platform's crypto library costs more than the rest
/// of the routing; random keys never repeat, so the cache stops growing at a fixed size.
/// </summary>
internal sealed class PartitionKeyRoutes(int shardCount)
{
    private const int MaxEntries = 16_384;
    private readonly ConcurrentDictionary<string, (int Shard, byte[] Key)> _routes = new(StringComparer.Ordinal);

    public (int Shard, byte[] Key) Get(string partitionKey)
    {
        if (_routes.TryGetValue(partitionKey, out var route))
        {
            return route;
        }

        route = (KinesisHashRanges.ShardIndex(partitionKey, shardCount), Encoding.UTF8.GetBytes(partitionKey));
        if (_routes.Count < MaxEntries)
        {
            _routes.TryAdd(partitionKey, route);
        }

        return route;
    }
}
