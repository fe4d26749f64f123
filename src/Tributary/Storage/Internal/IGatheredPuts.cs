namespace Tributary.Storage.Internal;

/// <summary>
/// An object store that writes an object from its parts where they lie, without joining them into one buffer first:
/// the raw archive's objects are many records each, kept in the blocks they were copied into as they arrived.
/// </summary>
internal interface IGatheredPuts
{
    /// <summary>Writes the object <paramref name="key"/> whose content is <paramref name="parts"/>, in order, as <c>PutAsync</c> would.</summary>
    Task PutAsync(string key, IReadOnlyList<ReadOnlyMemory<byte>> parts, CancellationToken cancellationToken = default);
}
