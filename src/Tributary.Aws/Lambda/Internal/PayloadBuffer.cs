namespace Tributary.Aws.Lambda.Internal;

/// <summary>Lambda hands over the whole payload (at most 6 MB); buffering it gives the byte count for metrics.</summary>
internal static class PayloadBuffer
{
    public static async Task<MemoryStream> ReadAsync(Stream input, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        buffer.Position = 0;
        return buffer;
    }
}
