using System.Numerics;

namespace Tributary.Delivery.Internal;

/// <summary>The length of an integer written as JSON (as <c>Utf8Formatter</c> writes it), counted without writing it.</summary>
internal static class JsonNumberLength
{
    // 10^0 to 10^19: the largest power below 2^64.
    private static readonly ulong[] PowersOfTen =
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ];

    /// <summary>The bytes of <paramref name="value"/>'s decimal digits, with its minus sign.</summary>
    public static int Of(long value)
    {
        var magnitude = value < 0 ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        return (value < 0 ? 1 : 0) + Digits(magnitude);
    }

    private static int Digits(ulong value)
    {
        if (value < 10)
        {
            return 1;
        }

        // log10(2) ≈ 1233 / 4096: a lower bound of the digit count, one short when the value reaches the next power.
        var estimate = ((BitOperations.Log2(value) + 1) * 1233) >> 12;
        return value >= PowersOfTen[estimate] ? estimate + 1 : estimate;
    }
}
