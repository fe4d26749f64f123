namespace Tributary.Delta;

/// <summary>
/// A write stream from <see cref="IDeltaStorage.CreateAsync"/> that can discard its content. A writer that fails
/// part-way (an exception in the data, a cancelled write) calls <see cref="Abandon"/> before it disposes the stream,
/// and nothing is published at the path. A stream without this interface publishes whatever was written when it is
/// disposed, so a failed write leaves a partial file behind (never referenced by the log, but there until VACUUM).
/// </summary>
public interface IAbandonableStream
{
    /// <summary>Marks the content as incomplete: disposing the stream then publishes nothing and leaves the path as it was.</summary>
    void Abandon();
}
