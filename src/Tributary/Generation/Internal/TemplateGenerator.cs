using System.Text;

namespace Tributary.Generation.Internal;

/// <summary>Mockaroo "Template": literal text with <c>{Column Name}</c> replaced by that earlier column's text (null → empty).</summary>
internal sealed class TemplateGenerator : FieldGenerator
{
    private readonly (byte[] Literal, int Slot)[] _parts;
    private readonly int _literalLength;

    public TemplateGenerator(string template, Func<string, int> resolveField)
    {
        var parts = new List<(byte[], int)>();
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf('{', position);
            if (open < 0)
            {
                parts.Add((Encoding.UTF8.GetBytes(template[position..]), -1));
                break;
            }

            if (open > position)
            {
                parts.Add((Encoding.UTF8.GetBytes(template[position..open]), -1));
            }

            var close = template.IndexOf('}', open + 1);
            if (close < 0)
            {
                throw new FormatException($"the template \"{template}\" has a '{{' without '}}'");
            }

            parts.Add(([], resolveField(template[(open + 1)..close].Trim())));
            position = close + 1;
        }

        _parts = [.. parts];
        _literalLength = _parts.Sum(p => p.Literal.Length);
    }

    public override void Generate(RecordState state, FieldValue value)
    {
        // A template that is exactly one column copies it, keeping a list item pre-encoded.
        if (_parts.Length == 1 && _parts[0].Slot >= 0)
        {
            var source = state.Values[_parts[0].Slot];
            if (source.Item is { } item)
            {
                value.SetItem(item);
                return;
            }
        }

        var capacity = _literalLength;
        foreach (var (_, slot) in _parts)
        {
            if (slot >= 0)
            {
                capacity += state.Values[slot].MaxTextLength;
            }
        }

        var buffer = value.BeginText(capacity);
        var length = 0;
        foreach (var (literal, slot) in _parts)
        {
            if (slot < 0)
            {
                literal.CopyTo(buffer[length..]);
                length += literal.Length;
            }
            else
            {
                length += state.Values[slot].FormatText(buffer[length..]);
            }
        }

        value.CommitText(length);
    }
}
