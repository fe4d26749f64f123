namespace Tributary.Delta.Internal;

/// <summary>Exponential backoff with jitter between commit attempts, so racing writers spread out.</summary>
internal static class Backoff
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    public static TimeSpan Delay(int attempt)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, FirstDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 16)));
        // "Equal jitter": half fixed, half random.
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
    }
}
