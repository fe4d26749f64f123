namespace Tributary.Delivery.Internal;

/// <summary>What one transform invocation of a delivery produced, kept apart so invocations can run side by side.</summary>
internal sealed class InvocationOutcome(List<DeliveredRecord> delivered, List<FailedRecord> failed)
{
    public List<DeliveredRecord> Delivered { get; } = delivered;

    public List<FailedRecord> Failed { get; } = failed;

    public int Dropped { get; set; }
}
