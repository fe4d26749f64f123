namespace Tributary.Delivery.Internal;

/// <summary>A record transformed Ok: its newline-delimited JSON rows, and the invocation attempts it took.</summary>
internal sealed record DeliveredRecord(BufferedRecord Record, byte[] Rows, int AttemptsMade);
