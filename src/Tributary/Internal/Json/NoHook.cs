namespace Tributary.Internal.Json;

/// <summary>The hook of a plain skip: wants nothing (the JIT removes its calls).</summary>
internal struct NoHook : ISkipHook
{
    public readonly bool Name(ReadOnlySpan<byte> data, int start, int end, int depth) => true;

    public readonly bool Value(ReadOnlySpan<byte> data, int start, int end, int depth) => true;

    public readonly void Open(bool isObject, int depth)
    {
    }

    public readonly void Close(int depth)
    {
    }
}
