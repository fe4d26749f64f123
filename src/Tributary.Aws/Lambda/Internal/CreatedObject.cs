namespace Tributary.Aws.Lambda.Internal;

/// <summary>One object named by an object-created event.</summary>
/// <param name="Bucket">The bucket.</param>
/// <param name="Key">The object key, URL-decoded.</param>
/// <param name="Size">The size the event reports, when it does.</param>
/// <param name="ETag">The ETag the event reports (without quotes), when it does.</param>
internal sealed record CreatedObject(string Bucket, string Key, long? Size, string? ETag);
