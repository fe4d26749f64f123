namespace Tributary.Tests.Extract;

/// <summary>A read-only stream over bytes that hands out at most a few bytes per read, as a slow or compressed source may.</summary>
internal sealed class TrickleStream(byte[] data, int seed, int maxRead) : MemoryStream(data, writable: false)
{
    private readonly Random _random = new(seed);

    public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, _random.Next(1, maxRead + 1)));

    public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, _random.Next(1, maxRead + 1))]);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));
}
