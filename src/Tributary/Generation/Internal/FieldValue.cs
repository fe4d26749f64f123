using System.Buffers.Text;
using System.Globalization;

namespace Tributary.Generation.Internal;

/// <summary>
/// The value of one column in the record being generated. One instance per column is reused for every record, so
/// generating allocates nothing; later columns (templates, formulas, rules) read earlier ones.
/// </summary>
internal sealed class FieldValue
{
    private byte[] _text = new byte[64];

    public FieldKind Kind { get; private set; }

    public long Integer { get; private set; }

    public decimal Decimal { get; private set; }

    /// <summary>Set when the text is a list item (written pre-escaped).</summary>
    public EncodedItem? Item { get; private set; }

    public int TextLength { get; private set; }

    /// <summary>The UTF-8 text of a <see cref="FieldKind.Text"/> value.</summary>
    public ReadOnlySpan<byte> Text => Item is { } item ? item.Utf8 : _text.AsSpan(0, TextLength);

    public void SetNull()
    {
        Kind = FieldKind.Null;
        Item = null;
    }

    public void SetInteger(long value)
    {
        Kind = FieldKind.Integer;
        Integer = value;
        Item = null;
    }

    public void SetDecimal(decimal value)
    {
        Kind = FieldKind.Decimal;
        Decimal = value;
        Item = null;
    }

    public void SetItem(EncodedItem item)
    {
        Kind = FieldKind.Text;
        Item = item;
    }

    /// <summary>Starts a text value and returns a buffer of at least <paramref name="capacity"/> bytes to fill; finish with <see cref="CommitText"/>.</summary>
    public Span<byte> BeginText(int capacity)
    {
        if (_text.Length < capacity)
        {
            _text = new byte[Math.Max(capacity, _text.Length * 2)];
        }

        Kind = FieldKind.Text;
        Item = null;
        TextLength = 0;
        return _text;
    }

    public void CommitText(int length) => TextLength = length;

    /// <summary>Writes the value's text form (numbers in invariant culture, null as nothing) into <paramref name="destination"/>.</summary>
    public int FormatText(Span<byte> destination)
    {
        switch (Kind)
        {
            case FieldKind.Text:
                Text.CopyTo(destination);
                return Text.Length;
            case FieldKind.Integer:
                Utf8Formatter.TryFormat(Integer, destination, out var written);
                return written;
            case FieldKind.Decimal:
                Decimal.TryFormat(destination, out written, default, CultureInfo.InvariantCulture);
                return written;
            default:
                return 0;
        }
    }

    /// <summary>An upper bound of <see cref="FormatText"/>'s length.</summary>
    public int MaxTextLength => Kind == FieldKind.Text ? Text.Length : 32;
}
