namespace Tributary.Configuration;

/// <summary>The delivery stream: transport, buffering hints, retries and staging layout (section <c>Deliver</c>).</summary>
public sealed class DeliverOptions
{
    // Settings are added by the deliver work; see README "Configuration reference".
}
