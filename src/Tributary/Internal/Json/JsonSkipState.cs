using System.Text.Json;

namespace Tributary.Internal.Json;

/// <summary>
/// Where a <see cref="JsonSkipper"/> run stands: the position of the next token, the containers still open since the
/// run began (up to 63), what may come next, and the line breaks passed (the only place a valid document can hold
/// one is whitespace between tokens), so that a caller can keep line numbers for later errors.
/// </summary>
internal struct JsonSkipState
{
    /// <summary>The most containers a run tracks past its start; deeper data is left to the reader.</summary>
    public const int MaxTrackedDepth = 63;

    /// <summary>Where the next token starts (or whitespace before it), as an index into the data.</summary>
    public int Position;

    /// <summary>Containers open since the run began; 0 once the value the run started in is complete.</summary>
    public int Depth;

    /// <summary>Containers open outside the run, counted against the maximum depth.</summary>
    public int OuterDepth;

    /// <summary>Bit <c>n</c> set: the container at depth <c>n + 1</c> is an array (else an object).</summary>
    public ulong Arrays;

    /// <summary>What may come next.</summary>
    public SkipExpect Next;

    /// <summary>Line feeds passed.</summary>
    public long LineFeeds;

    /// <summary>The index of the last line feed passed, or −1.</summary>
    public int LastLineFeed;

    /// <summary>
    /// The state just after a <c>Utf8JsonReader</c> token inside nested objects: <paramref name="objectsOpen"/> objects
    /// are open at <paramref name="position"/> (counting the object a <see cref="JsonTokenType.StartObject"/> token just
    /// opened; a <see cref="JsonTokenType.StartArray"/> token's array comes on top), with <paramref name="outerDepth"/>
    /// more containers around them. A run from here ends just past the outermost of those objects.
    /// </summary>
    /// <returns>False when the token is one the run cannot start after (a property name's value is its own token).</returns>
    public static bool TryAfterToken(JsonTokenType token, int position, int objectsOpen, int outerDepth, out JsonSkipState state)
    {
        state = new JsonSkipState { Position = position, Depth = objectsOpen, OuterDepth = outerDepth, LastLineFeed = -1 };
        if (objectsOpen < 1 || objectsOpen >= MaxTrackedDepth)
        {
            return false;
        }

        switch (token)
        {
            case JsonTokenType.StartObject:
                state.Next = SkipExpect.NameOrEndObject;
                return true;
            case JsonTokenType.StartArray:
                state.Arrays = 1UL << objectsOpen;
                state.Depth = objectsOpen + 1;
                state.Next = SkipExpect.ValueOrEndArray;
                return true;
            case JsonTokenType.PropertyName:
                state.Next = SkipExpect.Value;
                return true;
            case JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null
                or JsonTokenType.EndObject or JsonTokenType.EndArray:
                state.Next = SkipExpect.CommaOrEnd;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The state at the start of a whole value (its first byte, or whitespace before it) at <paramref name="position"/>.</summary>
    public static JsonSkipState AtValue(int position, int outerDepth) =>
        new() { Position = position, OuterDepth = outerDepth, Next = SkipExpect.Value, LastLineFeed = -1 };
}
