namespace Tributary.Internal.Json;

/// <summary>Told by <see cref="JsonSkipper"/> of each token it completes, for a caller that wants a few things on the way.</summary>
internal interface ISkipHook
{
    /// <summary>A member name from its opening quote at <paramref name="start"/> to just past its closing quote at <paramref name="end"/>, inside <paramref name="depth"/> open containers; false leaves the data to the reader.</summary>
    bool Name(ReadOnlySpan<byte> data, int start, int end, int depth);

    /// <summary>A string, number or literal from <paramref name="start"/> to <paramref name="end"/>; false leaves the data to the reader.</summary>
    bool Value(ReadOnlySpan<byte> data, int start, int end, int depth);

    /// <summary>An object (or array) was opened; <paramref name="depth"/> counts it.</summary>
    void Open(bool isObject, int depth);

    /// <summary>A container was closed; <paramref name="depth"/> no longer counts it.</summary>
    void Close(int depth);
}
