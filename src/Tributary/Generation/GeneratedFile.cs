namespace Tributary.Generation;

/// <summary>One file written by the generator.</summary>
/// <param name="Path">Its full path.</param>
/// <param name="Records">How many records it holds.</param>
/// <param name="Bytes">Its size on disk.</param>
public sealed record GeneratedFile(string Path, long Records, long Bytes);
