using System.Buffers;
using System.Text.Json;

namespace Tributary.Delta.Internal;

/// <summary>The <c>_delta_log/_last_checkpoint</c> pointer: a hint, never trusted blindly.</summary>
internal static class LastCheckpoint
{
    /// <summary>The hinted checkpoint version, or null when the file is missing, empty or unreadable.</summary>
    public static async Task<long?> TryReadVersionAsync(IDeltaStorage storage, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await storage.OpenReadAsync(LogPaths.LastCheckpoint, cancellationToken).ConfigureAwait(false);
            using var memory = new MemoryStream();
            await stream.CopyToAsync(memory, cancellationToken).ConfigureAwait(false);
            if (memory.Length == 0)
            {
                return null;
            }

            using var document = JsonDocument.Parse(memory.ToArray());
            return document.RootElement.TryGetProperty("version", out var version) && version.TryGetInt64(out var v) && v >= 0 ? v : null;
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Overwrites the pointer with version, size, sizeInBytes, numOfAddFiles and the checksum.</summary>
    public static async Task WriteAsync(IDeltaStorage storage, long version, long size, long sizeInBytes, long numOfAddFiles, CancellationToken cancellationToken)
    {
        var withoutChecksum = Serialize(version, size, sizeInBytes, numOfAddFiles, null);
        using var document = JsonDocument.Parse(withoutChecksum);
        var content = Serialize(version, size, sizeInBytes, numOfAddFiles, JsonChecksum.Compute(document.RootElement));
        await StorageWrites.WriteAsync(storage, LogPaths.LastCheckpoint, (stream, ct) => stream.WriteAsync(content, ct).AsTask(), cancellationToken).ConfigureAwait(false);
    }

    private static ReadOnlyMemory<byte> Serialize(long version, long size, long sizeInBytes, long numOfAddFiles, string? checksum)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", version);
            writer.WriteNumber("size", size);
            writer.WriteNumber("sizeInBytes", sizeInBytes);
            writer.WriteNumber("numOfAddFiles", numOfAddFiles);
            if (checksum is not null)
            {
                writer.WriteString("checksum", checksum);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }
}
