using System.ComponentModel.DataAnnotations;

namespace Tributary.Tests.Configuration;

/// <summary>An options tree with every shape the generic validator handles.</summary>
public sealed class SampleOptions
{
    public string Name { get; set; } = "sample";

    public SampleSection Section { get; set; } = new();
}

public sealed class SampleSection
{
    [Range(1, 64)]
    public int Shards { get; set; } = 4;

    [Range(0.0, 1.0)]
    public double Ratio { get; set; } = 0.5;

    public SampleMode Mode { get; set; } = SampleMode.Fast;

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    public bool Enabled { get; set; }

    [AllowedValues("gzip", "zstd", "none")]
    public string Codec { get; set; } = "none";

    [RegularExpression("^[a-z]+$")]
    public string Label { get; set; } = "abc";

    public List<string> Tags { get; set; } = [];

    public Dictionary<string, SampleItem> Named { get; set; } = [];

    public List<SampleItem> Items { get; set; } = [];
}

public sealed class SampleItem
{
    [Required]
    public string? Id { get; set; }

    [Range(1, 10)]
    public int Weight { get; set; } = 1;
}

public enum SampleMode
{
    Fast,
    Safe,
    ExactlyOnce,
}
