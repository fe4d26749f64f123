namespace Tributary.Generation.Internal;

/// <summary>Mockaroo "Email Address": an initial, a last name, sometimes a number, at one of a list of domains, lower-case.</summary>
internal sealed class EmailAddressGenerator : FieldGenerator
{
    private readonly byte[][] _firstNames = WordLists.FirstNames.Select(ToLowerAscii).ToArray();
    private readonly byte[][] _lastNames = WordLists.LastNames.Select(ToLowerAscii).ToArray();
    private readonly byte[][] _domains = WordLists.EmailDomains.Select(ToLowerAscii).ToArray();

    public override void Generate(RecordState state, FieldValue value)
    {
        var random = state.Random;
        var first = _firstNames[random.NextInt(_firstNames.Length)];
        var last = _lastNames[random.NextInt(_lastNames.Length)];
        var domain = _domains[random.NextInt(_domains.Length)];
        var buffer = value.BeginText(first.Length + last.Length + domain.Length + 8);
        var length = 0;
        buffer[length++] = first[0];
        last.CopyTo(buffer[length..]);
        length += last.Length;
        var suffix = random.NextInt(4) == 0 ? -1 : random.NextInt(100);
        if (suffix >= 10)
        {
            buffer[length++] = (byte)('0' + (suffix / 10));
        }

        if (suffix >= 0)
        {
            buffer[length++] = (byte)('0' + (suffix % 10));
        }

        buffer[length++] = (byte)'@';
        domain.CopyTo(buffer[length..]);
        value.CommitText(length + domain.Length);
    }

    private static byte[] ToLowerAscii(string word) =>
        System.Text.Encoding.ASCII.GetBytes(new string(word.Where(c => char.IsAsciiLetterOrDigit(c) || c == '.' || c == '-').ToArray()).ToLowerInvariant());
}
