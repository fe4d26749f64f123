using System.Text.Json;

namespace Tributary.Transform.Internal;

/// <summary>Receives the values of a record the one-pass reader flattens, in document order (one row per record).</summary>
internal interface IOnePassValueSink
{
    /// <summary>
    /// Receives one scalar value: <paramref name="reader"/> stands on it (a string, number, true, false or null) and
    /// <paramref name="raw"/> is its JSON text as written, quotes included for a string. Both point into the record.
    /// </summary>
    /// <exception cref="InvalidOperationException">A string has an escape sequence that is not valid Unicode text.</exception>
    void OnePassValue(ColumnSlot column, ref Utf8JsonReader reader, ReadOnlySpan<byte> raw);

    /// <summary>Receives a null made by flattening: the value was an empty object (flatsplode's <c>any(dict)</c> is false).</summary>
    void OnePassNull(ColumnSlot column);
}
