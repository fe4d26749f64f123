using System.Text.Json;

namespace Tributary.Records;

/// <summary>The member names of a <see cref="RecordEnvelope"/>, pre-encoded.</summary>
internal static class EnvelopeNames
{
    public static readonly JsonEncodedText Tributary = JsonEncodedText.Encode("tributary");
    public static readonly JsonEncodedText Source = JsonEncodedText.Encode("source");
    public static readonly JsonEncodedText Index = JsonEncodedText.Encode("index");
    public static readonly JsonEncodedText Shard = JsonEncodedText.Encode("shard");
    public static readonly JsonEncodedText Sequence = JsonEncodedText.Encode("sequence");
    public static readonly JsonEncodedText Arrival = JsonEncodedText.Encode("arrival");
    public static readonly JsonEncodedText Record = JsonEncodedText.Encode("record");
}
