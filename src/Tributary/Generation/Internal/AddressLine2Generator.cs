using System.Buffers.Text;

namespace Tributary.Generation.Internal;

/// <summary>Mockaroo "Address Line 2": an apartment, suite, room, floor or PO box with a number.</summary>
internal sealed class AddressLine2Generator : FieldGenerator
{
    private static readonly (byte[] Prefix, int Max)[] Kinds =
    [
        ("Apt "u8.ToArray(), 999),
        ("Suite "u8.ToArray(), 99),
        ("Room "u8.ToArray(), 1999),
        ("Floor "u8.ToArray(), 40),
        ("PO Box "u8.ToArray(), 99999),
        ("Unit "u8.ToArray(), 500),
    ];

    public override void Generate(RecordState state, FieldValue value)
    {
        var (prefix, max) = Kinds[state.Random.NextInt(Kinds.Length)];
        var number = state.Random.NextInclusive(1, max);
        var buffer = value.BeginText(prefix.Length + 12);
        prefix.CopyTo(buffer);
        Utf8Formatter.TryFormat(number, buffer[prefix.Length..], out var written);
        value.CommitText(prefix.Length + written);
    }
}
