using System.Buffers;

namespace Tributary.Streaming.Internal;

/// <summary>Called for each whole, valid frame of a segment; returning false stops the walk after this frame.</summary>
internal delegate bool FrameVisitor(long sequence, ReadOnlySpan<byte> payload);

/// <summary>
/// Walks a segment's frames in order, stopping at the first torn, corrupt or out-of-sequence frame: the one
/// definition of "the valid part of a segment", shared by crash recovery and the read-only lag reader.
/// </summary>
internal static class SegmentScan
{
    /// <summary>Returns the byte length of the frames walked and the last sequence number among them.</summary>
    public static (long Length, long LastSequence) Walk(string path, long firstSequence, int maxPayload, FrameVisitor visit)
    {
        var lastSequence = firstSequence - 1;
        long offset = 0;
        // ReadWrite | Delete sharing: the writer may hold the segment open, and retention may delete it meanwhile.
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        var length = file.Length;
        Span<byte> header = stackalloc byte[FrameFormat.HeaderBytes];
        var payload = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            while (length - offset >= FrameFormat.HeaderBytes)
            {
                file.ReadExactly(header);
                var (payloadLength, crc) = FrameFormat.ReadHeader(header);
                if (!FrameFormat.IsPlausibleLength(payloadLength, maxPayload) || length - offset - FrameFormat.HeaderBytes < payloadLength)
                {
                    break;
                }

                if (payload.Length < payloadLength)
                {
                    ArrayPool<byte>.Shared.Return(payload);
                    payload = ArrayPool<byte>.Shared.Rent(payloadLength);
                }

                var span = payload.AsSpan(0, payloadLength);
                file.ReadExactly(span);
                if (Crc32C.Compute(span) != crc || FrameFormat.Sequence(span) != lastSequence + 1)
                {
                    break;
                }

                lastSequence++;
                offset += FrameFormat.HeaderBytes + payloadLength;
                if (!visit(lastSequence, span))
                {
                    break;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }

        return (offset, lastSequence);
    }
}
