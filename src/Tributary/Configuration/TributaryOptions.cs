namespace Tributary.Configuration;

/// <summary>
/// The whole pipeline configuration, bound from <c>tributary.json</c> and <c>TRIBUTARY__Section__Key</c>
/// environment variables. Each section belongs to one stage or port.
/// </summary>
public sealed class TributaryOptions
{
    /// <summary>The pipeline's name: the app id of its Delta commits and the prefix of its state.</summary>
    public string Pipeline { get; set; } = "retail";

    /// <summary>Where data lives.</summary>
    public StorageOptions Storage { get; set; } = new();

    /// <summary>The record stream.</summary>
    public StreamOptions Stream { get; set; } = new();

    /// <summary>The extract stage.</summary>
    public ExtractOptions Extract { get; set; } = new();

    /// <summary>The process stage.</summary>
    public ProcessOptions Process { get; set; } = new();

    /// <summary>The transform stage.</summary>
    public TransformOptions Transform { get; set; } = new();

    /// <summary>The delivery stream.</summary>
    public DeliverOptions Deliver { get; set; } = new();

    /// <summary>The load stage.</summary>
    public LoadOptions Load { get; set; } = new();

    /// <summary>Continuous mode.</summary>
    public WatchOptions Watch { get; set; } = new();

    /// <summary>AWS settings.</summary>
    public AwsOptions Aws { get; set; } = new();
}
