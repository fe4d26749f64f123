namespace Tributary.Transform.Internal;

/// <summary>The arrival times a staging row can hold: <c>_arrival_time</c> is microseconds since the epoch in an int64.</summary>
internal static class ArrivalRange
{
    /// <summary>Whether the time, in epoch milliseconds, has an int64 microsecond value.</summary>
    public static bool Holds(long arrivalMilliseconds) => arrivalMilliseconds is <= long.MaxValue / 1000 and >= long.MinValue / 1000;

    /// <exception cref="TransformFailure">The time, in epoch milliseconds, has no int64 microsecond value.</exception>
    public static void Check(long arrivalMilliseconds)
    {
        if (!Holds(arrivalMilliseconds))
        {
            throw new TransformFailure(
                TransformErrorCodes.InvalidEnvelope, $"The arrival time {arrivalMilliseconds} is out of range for epoch milliseconds.");
        }
    }
}
