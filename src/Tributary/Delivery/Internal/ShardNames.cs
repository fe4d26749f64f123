using System.Text;

namespace Tributary.Delivery.Internal;

/// <summary>Shard ids seen so far, looked up by their UTF-8 bytes: a stream has a handful, read millions of times.</summary>
internal sealed class ShardNames
{
    private readonly Lock _gate = new();
    private (byte[] Utf8, string Name)[] _names = [];

    public string Get(ReadOnlySpan<byte> utf8)
    {
        foreach (var (bytes, name) in Volatile.Read(ref _names))
        {
            if (utf8.SequenceEqual(bytes))
            {
                return name;
            }
        }

        lock (_gate)
        {
            var added = Encoding.UTF8.GetString(utf8);
            _names = [.. _names, (utf8.ToArray(), added)];
            return added;
        }
    }
}
