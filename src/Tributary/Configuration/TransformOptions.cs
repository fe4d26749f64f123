using System.ComponentModel.DataAnnotations;
using Tributary.Flatten;

namespace Tributary.Configuration;

/// <summary>The transform stage: flatten mode and limits (section <c>Transform</c>).</summary>
public sealed class TransformOptions
{
    /// <summary>The largest response a Lambda function may return synchronously: 6 MB.</summary>
    public const int LambdaResponseLimitBytes = 6 * 1024 * 1024;

    /// <summary>
    /// <c>Compat</c> (default) reproduces flatsplode exactly, quirks included; <c>Strict</c> keeps lists whose
    /// elements are all falsy and refuses records whose flattened keys collide.
    /// </summary>
    public FlattenMode Mode { get; set; } = FlattenMode.Compat;

    /// <summary>What joins nested keys (flatsplode's <c>join</c>). Default <c>_</c>, as the seed's staging columns.</summary>
    [Required]
    [MinLength(1)]
    public string Separator { get; set; } = "_";

    /// <summary>The deepest nesting of objects and arrays accepted in a record; deeper records fail. 1–1000, default 64.</summary>
    [Range(1, 1000)]
    public int MaxDepth { get; set; } = 64;

    /// <summary>The most rows one record may explode into; more fails the record. 1–1,000,000, default 10,000.</summary>
    [Range(1, 1_000_000)]
    public int MaxRowsPerRecord { get; set; } = 10_000;

    /// <summary>
    /// In strict mode, also refuse records in which two sibling lists with several elements each would multiply into
    /// a Cartesian product. Default false.
    /// </summary>
    public bool RejectListProducts { get; set; }

    /// <summary>
    /// The largest transformation response, in bytes, as the JSON Lambda would return. Records whose rows do not fit
    /// are answered <c>ProcessingFailed</c> with a reason (the local delivery stream re-invokes them in a new, smaller
    /// invocation first). 1 KiB–6 MB, default 6 MB (the Lambda limit).
    /// </summary>
    [Range(1024, LambdaResponseLimitBytes)]
    public int MaxResponseBytes { get; set; } = LambdaResponseLimitBytes;

    /// <summary>The flatten options these settings describe.</summary>
    public FlattenOptions ToFlattenOptions() => new()
    {
        Mode = Mode,
        Separator = Separator,
        MaxDepth = MaxDepth,
        MaxRowsPerRecord = MaxRowsPerRecord,
        RejectListProducts = RejectListProducts,
    };
}
