namespace Tributary.TestSupport;

/// <summary>
/// Half the time, cuts <c>data</c> at a random byte or replaces one byte with a JSON-significant one: the inputs that
/// check a byte-matching fast path never accepts what the JSON reader refuses.
/// </summary>
public static class HeadMutation
{
    private const string Replacements = "{}\":,\\-0 9ab\u0001\u00ff";

    public static byte[] MaybeBreak(Random random, byte[] data)
    {
        if (random.Next(2) != 0)
        {
            return data;
        }

        var at = random.Next(data.Length);
        if (random.Next(3) == 0)
        {
            return data[..at];
        }

        data[at] = (byte)Replacements[random.Next(Replacements.Length)];
        return data;
    }
}
