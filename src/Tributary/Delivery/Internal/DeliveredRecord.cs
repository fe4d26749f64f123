namespace Tributary.Delivery.Internal;

/// <summary>A record transformed Ok: its newline-delimited JSON rows.</summary>
internal sealed record DeliveredRecord(BufferedRecord Record, byte[] Rows);
