using System.Text.Json.Serialization;

namespace Tributary.Transform;

/// <summary>The transformation's answer for one record.</summary>
public sealed class FirehoseTransformationResult
{
    /// <summary>The input record's id.</summary>
    public string RecordId { get; set; } = "";

    /// <summary>Ok, Dropped or ProcessingFailed.</summary>
    public TransformResult Result { get; set; }

    /// <summary>The transformed bytes (base64 in JSON): newline-delimited JSON, one line per flattened row.</summary>
    public byte[] Data { get; set; } = [];

    /// <summary>
    /// Why the record failed (a Tributary extension, written only for failed records; Firehose ignores it, the local
    /// delivery stream writes it to the error output).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ErrorCode { get; set; }

    /// <summary>A sentence a person can act on, naming the record and the reason (written only for failed records).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ErrorMessage { get; set; }

    /// <summary>How many rows the record flattened into (not serialized).</summary>
    [JsonIgnore]
    public int RowCount { get; set; }
}
