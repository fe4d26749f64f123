using System.Text.Encodings.Web;
using System.Text.Json;
using Tributary.Staging;

namespace Tributary.Transform.Internal;

/// <summary>
/// One flattened column name as the one-pass reader knows it: a single instance per distinct text (so sinks compare
/// names by reference), its JSON-encoded form, whether staging accepts it, and the last record that used it (a second
/// use in the same record is a duplicate or colliding key, which the one-pass reader leaves to the document path).
/// </summary>
internal sealed class ColumnSlot
{
    // The encoder of the rows a remote transform returns (see NdjsonRowWriter).
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public ColumnSlot(string name)
    {
        Name = name;
        Encoded = JsonEncodedText.Encode(name, Encoder);
        JsonNameBytes = Encoded.EncodedUtf8Bytes.Length;
        Allowed = name.Length > 0 && !(name[0] == '_' && StagingColumns.IsReserved(name));
    }

    public string Name { get; }

    /// <summary>The name as the JSON rows write it.</summary>
    public JsonEncodedText Encoded { get; }

    /// <summary>The length of <see cref="Encoded"/>.</summary>
    public int JsonNameBytes { get; }

    /// <summary>Whether the name may be a staging data column (not empty, not a metadata column's name).</summary>
    public bool Allowed { get; }

    /// <summary>The number of the last record in which a member led to this name.</summary>
    public int LastRecord { get; set; }
}
