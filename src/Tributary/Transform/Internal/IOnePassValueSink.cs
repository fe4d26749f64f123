namespace Tributary.Transform.Internal;

/// <summary>Receives the values of a record the one-pass reader flattens, in document order (one row per record).</summary>
internal interface IOnePassValueSink
{
    /// <summary>Starts the single row of a record read by the one-pass reader, forgetting any values handed since the last start.</summary>
    void BeginOnePass();

    /// <summary>
    /// Receives one scalar value: <paramref name="raw"/> is its JSON text as written in the record, quotes included for
    /// a string. An escaped string's escapes are valid JSON and never encode a surrogate (the reader leaves such records
    /// to the document path).
    /// </summary>
    void OnePassValue(ColumnSlot column, OnePassValueKind kind, ReadOnlySpan<byte> raw);

    /// <summary>Receives a null made by flattening: the value was an empty object (flatsplode's <c>any(dict)</c> is false).</summary>
    void OnePassNull(ColumnSlot column);
}
