using Tributary.Internal;
using Tributary.Ports;

namespace Tributary.Extract.Internal;

/// <summary>The envelopes of one pending put, written back to back in one pooled buffer.</summary>
internal sealed class PutBatch(int maxRecordBytes) : IDisposable
{
    private readonly List<(int Start, string Key)> _items = new(500);

    public PooledBufferWriter Buffer { get; } = new(Math.Max(1 << 20, maxRecordBytes * 2));

    public int Count => _items.Count;

    public long LastIndex { get; private set; } = -1;

    public void Add(int start, string key, long index)
    {
        _items.Add((start, key));
        LastIndex = index;
    }

    public PutRecordEntry[] Entries()
    {
        var memory = Buffer.WrittenMemory;
        var entries = new PutRecordEntry[_items.Count];
        for (var i = 0; i < _items.Count; i++)
        {
            var end = i + 1 < _items.Count ? _items[i + 1].Start : memory.Length;
            entries[i] = new PutRecordEntry(memory[_items[i].Start..end], _items[i].Key);
        }

        return entries;
    }

    public void Clear()
    {
        _items.Clear();
        Buffer.Clear();
    }

    public void Dispose() => Buffer.Dispose();
}
