using Tributary.Configuration;

namespace Tributary.Aws.Internal.Http;

/// <summary>Capped exponential backoff with full jitter, as AWS recommends for throttling and 5xx responses.</summary>
internal sealed class BackoffPolicy
{
    public BackoffPolicy(int maxRetries, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetries);
        MaxRetries = maxRetries;
        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
    }

    public int MaxRetries { get; }

    public TimeSpan BaseDelay { get; }

    public TimeSpan MaxDelay { get; }

    public static BackoffPolicy From(AwsOptions options) => new(
        options.MaxRetries,
        TimeSpan.FromMilliseconds(options.RetryBaseDelayMilliseconds),
        TimeSpan.FromMilliseconds(options.MaxRetryDelayMilliseconds));

    /// <summary>The delay before retry number <paramref name="retry"/> (1-based).</summary>
    public TimeSpan DelayFor(int retry)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry - 1, 20)));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }

    public Task DelayAsync(int retry, CancellationToken cancellationToken) => Task.Delay(DelayFor(retry), cancellationToken);
}
