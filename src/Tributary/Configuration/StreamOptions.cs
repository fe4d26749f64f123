namespace Tributary.Configuration;

/// <summary>The record stream: transport, shards, retention and limits (section <c>Stream</c>).</summary>
public sealed class StreamOptions
{
    // Settings are added by the stream work; see README "Configuration reference".
}
