namespace Tributary.Delta.Internal;

/// <summary>The <c>domainMetadata</c> action: configuration of a named metadata domain; <c>removed</c> is a tombstone.</summary>
internal sealed record DomainMetadata(string Domain, string Configuration, bool Removed);
