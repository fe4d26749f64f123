using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tributary.Generation.Internal;

/// <summary>
/// The shape of a record: dotted column names become nested objects (<c>A.B.C</c> → <c>{"A":{"B":{"C":…}}}</c>),
/// members in the order their first column appears. The shape never changes between records, so it is compiled
/// once into the constant bytes that come before each value (braces, commas, escaped names) and after the last.
/// </summary>
internal sealed class RecordLayout
{
    public RecordLayout(IReadOnlyList<string> columnNames)
    {
        var root = new Node("", -1);
        for (var slot = 0; slot < columnNames.Count; slot++)
        {
            var name = columnNames[slot];
            var segments = name.Split('.');
            if (segments.Any(s => s.Length == 0))
            {
                throw new GeneratorSchemaException(name, "the name has an empty part between dots");
            }

            var node = root;
            for (var i = 0; i < segments.Length; i++)
            {
                var last = i == segments.Length - 1;
                var existing = node.Children.FirstOrDefault(c => c.Name == segments[i]);
                if (existing is not null && (last || existing.Slot >= 0))
                {
                    throw new GeneratorSchemaException(name, $"'{string.Join('.', segments[..(i + 1)])}' is both a value and an object, or appears twice");
                }

                if (existing is null)
                {
                    existing = new Node(segments[i], last ? slot : -1);
                    node.Children.Add(existing);
                }

                node = existing;
            }
        }

        var prefixes = new List<byte[]>();
        var slots = new List<int>();
        var pending = new List<byte>();
        Compile(root, pending, prefixes, slots);
        Prefixes = [.. prefixes];
        Slots = [.. slots];
        Suffix = [.. pending];
        ConstantLength = Prefixes.Sum(p => p.Length) + Suffix.Length;
    }

    /// <summary>The bytes written before each value, in output order.</summary>
    public byte[][] Prefixes { get; }

    /// <summary>The column slot of each value, in output order.</summary>
    public int[] Slots { get; }

    /// <summary>The closing braces after the last value.</summary>
    public byte[] Suffix { get; }

    /// <summary>The total length of the constant bytes of one record.</summary>
    public int ConstantLength { get; }

    private static void Compile(Node node, List<byte> pending, List<byte[]> prefixes, List<int> slots)
    {
        pending.Add((byte)'{');
        for (var i = 0; i < node.Children.Count; i++)
        {
            var child = node.Children[i];
            if (i > 0)
            {
                pending.Add((byte)',');
            }

            pending.Add((byte)'"');
            pending.AddRange(JsonEncodedText.Encode(child.Name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes);
            pending.AddRange("\":"u8);
            if (child.Slot >= 0)
            {
                prefixes.Add([.. pending]);
                slots.Add(child.Slot);
                pending.Clear();
            }
            else
            {
                Compile(child, pending, prefixes, slots);
            }
        }

        pending.Add((byte)'}');
    }

    private sealed class Node(string name, int slot)
    {
        public string Name { get; } = name;

        public int Slot { get; } = slot;

        public List<Node> Children { get; } = [];
    }

    /// <inheritdoc />
    public override string ToString() => Encoding.UTF8.GetString([.. Prefixes.SelectMany(p => p), .. Suffix]);
}
