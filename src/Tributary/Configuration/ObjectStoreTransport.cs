namespace Tributary.Configuration;

/// <summary>Which object store holds the data folders.</summary>
public enum ObjectStoreTransport
{
    /// <summary>Folders on the local file system under the data root.</summary>
    Local,

    /// <summary>An S3 bucket (or an S3-compatible server).</summary>
    S3,
}
