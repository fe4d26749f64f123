namespace Tributary.Delta.Internal;

/// <summary>Whole-file writes through <see cref="IDeltaStorage.CreateAsync"/> that publish nothing when they fail.</summary>
internal static class StorageWrites
{
    public static async Task WriteAsync(IDeltaStorage storage, string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var stream = await storage.CreateAsync(path, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                RenameOnDisposeStream.TryAbandon(stream);
                throw;
            }
        }
    }
}
