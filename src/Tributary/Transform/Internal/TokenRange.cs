namespace Tributary.Transform.Internal;

/// <summary>Where a JSON string token (quotes included) lies in a record; empty when the member is absent or not a string.</summary>
internal readonly record struct TokenRange(int Start, int Length)
{
    /// <summary>The token's bytes in <paramref name="record"/>; empty when there is none.</summary>
    public ReadOnlySpan<byte> Of(ReadOnlySpan<byte> record) => Length == 0 ? default : record.Slice(Start, Length);
}
