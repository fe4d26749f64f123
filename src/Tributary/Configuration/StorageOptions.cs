using System.ComponentModel.DataAnnotations;

namespace Tributary.Configuration;

/// <summary>Where the data root is and which object store holds it (section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    /// <summary>
    /// The data root: a folder with <c>source/ raw/ staging/ final/ quarantine/ _state/</c> (see <see cref="DataLayout"/>).
    /// A relative path is resolved against the configuration file's folder (or the working folder without a file);
    /// after loading it is always absolute. With the <c>s3</c> transport it still holds the local state.
    /// </summary>
    [Required]
    [MinLength(1)]
    public string DataRoot { get; set; } = "./data";

    /// <summary>The object store that holds source, raw, staging, final and quarantine.</summary>
    public ObjectStoreOptions ObjectStore { get; set; } = new();
}
