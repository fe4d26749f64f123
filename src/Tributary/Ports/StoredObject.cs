namespace Tributary.Ports;

/// <summary>An object in an <see cref="IObjectStore"/>.</summary>
/// <param name="Key">The object key, relative to the store's root.</param>
/// <param name="Size">The size in bytes.</param>
/// <param name="ETag">An opaque version tag: a new value means new content under the same key.</param>
/// <param name="LastModified">When the object was last written.</param>
public sealed record StoredObject(string Key, long Size, string ETag, DateTimeOffset LastModified);
