namespace Tributary.Delivery.Internal;

/// <summary>A record bound for the error prefix, with what Firehose writes about it.</summary>
internal sealed record FailedRecord(BufferedRecord Record, int AttemptsMade, string ErrorCode, string ErrorMessage, long AttemptEndingMilliseconds);
