namespace Tributary.Generation;

/// <summary>How generated records are laid out in a file.</summary>
public enum GeneratedFileFormat
{
    /// <summary>One JSON array of records, one record per line (Mockaroo's <c>"array": true</c>).</summary>
    Array,

    /// <summary>JSON Lines: one record per line, no enclosing array.</summary>
    JsonLines,
}
