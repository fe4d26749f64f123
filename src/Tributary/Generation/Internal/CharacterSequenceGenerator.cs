namespace Tributary.Generation.Internal;

/// <summary>
/// Mockaroo "Character Sequence" and "Digit Sequence": <c>#</c> a digit, <c>^</c> an upper-case letter, <c>@</c> a
/// lower-case letter, <c>*</c> a digit or letter of either case; <c>\</c> makes the next character literal; any other
/// character is copied.
/// </summary>
internal sealed class CharacterSequenceGenerator : FieldGenerator
{
    private static readonly byte[] Digits = "0123456789"u8.ToArray();
    private static readonly byte[] Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"u8.ToArray();
    private static readonly byte[] Lower = "abcdefghijklmnopqrstuvwxyz"u8.ToArray();
    private static readonly byte[] Any = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8.ToArray();

    // Each position: an alphabet to draw from, or null for the literal byte(s).
    private readonly (byte[]? Alphabet, byte[] Literal)[] _positions;
    private readonly int _maxLength;

    public CharacterSequenceGenerator(string format)
    {
        var positions = new List<(byte[]?, byte[])>();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '\\' && i + 1 < format.Length)
            {
                positions.Add((null, System.Text.Encoding.UTF8.GetBytes(format[++i].ToString())));
                continue;
            }

            positions.Add(c switch
            {
                '#' => (Digits, []),
                '^' => (Upper, []),
                '@' => (Lower, []),
                '*' => (Any, []),
                _ => (null, System.Text.Encoding.UTF8.GetBytes(c.ToString())),
            });
        }

        _positions = [.. positions];
        _maxLength = _positions.Sum(p => p.Alphabet is null ? p.Literal.Length : 1);
    }

    public override void Generate(RecordState state, FieldValue value)
    {
        var buffer = value.BeginText(_maxLength);
        var length = 0;
        foreach (var (alphabet, literal) in _positions)
        {
            if (alphabet is null)
            {
                literal.CopyTo(buffer[length..]);
                length += literal.Length;
            }
            else
            {
                buffer[length++] = alphabet[state.Random.NextInt(alphabet.Length)];
            }
        }

        value.CommitText(length);
    }
}
