using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Tributary.Internal.Json;

/// <summary>
/// Moves a <see cref="JsonReaderState"/> past bytes a <see cref="JsonSkipper"/> has vouched for, so that a reader can
/// go on after them as if it had read them: the structure comes from letting a reader close the open objects, and
/// the line and byte-in-line counters (which the reader puts in its error messages) are set from what was skipped.
/// The counters are the reader's private fields: <see cref="Available"/> says whether this runtime has them as
/// expected (checked once by reading a bad byte after a moved state); when it does not, callers do not skip.
/// </summary>
internal static class ReaderStates
{
    private static readonly Lazy<bool> Works = new(Check);

    /// <summary>Whether states can be moved on this runtime.</summary>
    public static bool Available => Works.Value;

    /// <summary>
    /// The state after <paramref name="closers"/> closing braces following <paramref name="at"/> (which must be just
    /// after a value or an object's opening brace, inside at least that many objects), with the position counters
    /// moved over <paramref name="skipped"/> bytes that held <paramref name="lineFeeds"/> line feeds, the last of them
    /// <paramref name="afterLastLineFeed"/> bytes before the end.
    /// </summary>
    public static JsonReaderState AfterObjects(JsonReaderState at, int closers, long skipped, long lineFeeds, long afterLastLineFeed)
    {
        Span<byte> braces = stackalloc byte[closers];
        braces.Fill((byte)'}');
        var reader = new Utf8JsonReader(braces, isFinalBlock: false, at);
        while (reader.Read())
        {
        }

        var state = reader.CurrentState;
        if (lineFeeds > 0)
        {
            LineNumber(ref state) = LineNumber(ref at) + lineFeeds;
            BytePositionInLine(ref state) = afterLastLineFeed;
        }
        else
        {
            BytePositionInLine(ref state) = BytePositionInLine(ref at) + skipped;
        }

        return state;
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_lineNumber")]
    private static extern ref long LineNumber(ref JsonReaderState state);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_bytePositionInLine")]
    private static extern ref long BytePositionInLine(ref JsonReaderState state);

    private static bool Check()
    {
        try
        {
            // {"a":null, then as if skipped two line breaks and "  }": a stray byte after it is on line 3 at byte 4.
            var options = new JsonReaderOptions { AllowMultipleValues = true };
            var head = new Utf8JsonReader("{\"a\":null"u8, isFinalBlock: false, new JsonReaderState(options));
            while (head.Read())
            {
            }

            var moved = AfterObjects(head.CurrentState, 1, 6, 2, 3);
            var tail = new Utf8JsonReader("x"u8, isFinalBlock: true, moved);
            try
            {
                tail.Read();
                return false;
            }
            catch (JsonException ex)
            {
                return ex.LineNumber == 2 && ex.BytePositionInLine == 3;
            }
        }
        catch (Exception ex) when (ex is MissingFieldException or MissingMemberException or InvalidProgramException)
        {
            return false;
        }
    }
}
