using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Tributary.Internal.Json;

/// <summary>
/// Finds where a JSON value ends and whether it is valid, as <c>Utf8JsonReader</c> (comments disallowed, no trailing
/// commas) decides, without producing tokens: the parts of a record whose values nobody reads are passed over this
/// way instead of token by token. It never words an error: on anything it cannot vouch for it answers
/// <see cref="SkipOutcome.Unsure"/>, and the caller reads the same bytes with the reader, so that errors, offsets and
/// line numbers stay the reader's. Like the reader it does not check UTF-8 inside strings (the callers check it
/// where it matters), and it takes any escape the reader takes (<c>\uD800</c> alone included).
/// </summary>
internal static class JsonSkipper
{
    // Inside a string only these bytes end a plain run: the closing quote, an escape, or a control byte (invalid).
    private static readonly SearchValues<byte> StringStops = SearchValues.Create(
        [(byte)'"', (byte)'\\', 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
         0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F]);

    /// <summary>
    /// Goes on from <paramref name="state"/> through <paramref name="data"/> (the same data as before, possibly longer)
    /// to the end of the value the state started in.
    /// </summary>
    /// <param name="data">The data, from the same start on every call for one value.</param>
    /// <param name="state">Where the run stands; moved on.</param>
    /// <param name="maxDepth">The reader's maximum depth: a container nested deeper is invalid.</param>
    public static SkipOutcome Skip(ReadOnlySpan<byte> data, ref JsonSkipState state, int maxDepth)
    {
        var none = default(NoHook);
        return Skip(data, ref state, maxDepth, ref none);
    }

    /// <summary>
    /// As <see cref="Skip(ReadOnlySpan{byte}, ref JsonSkipState, int)"/>, telling <paramref name="hook"/> of each
    /// member name, scalar value and container as it is completed (never twice, even across calls).
    /// </summary>
    /// <param name="data">The data, from the same start on every call for one value.</param>
    /// <param name="state">Where the run stands; moved on.</param>
    /// <param name="maxDepth">The reader's maximum depth: a container nested deeper is invalid.</param>
    /// <param name="hook">What to tell; it may answer that the skipper is to leave the data to the reader.</param>
    // Optimized from the first call: a run's first seconds otherwise pass every record through the unoptimized loop.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SkipOutcome Skip<THook>(ReadOnlySpan<byte> data, ref JsonSkipState state, int maxDepth, ref THook hook)
        where THook : struct, ISkipHook
    {
        var pos = state.Position;
        var depth = state.Depth;
        var arrays = state.Arrays;
        var next = state.Next;
        var outcome = SkipOutcome.NeedMore;
        var tokenStart = pos;
        while (true)
        {
            // Whitespace; a line feed is remembered for the caller's line numbers.
            byte c;
            while (true)
            {
                if ((uint)pos >= (uint)data.Length)
                {
                    tokenStart = pos;
                    goto Stop;
                }

                c = data[pos];
                if (c > (byte)' ')
                {
                    break;
                }

                if (c == (byte)' ' || c == (byte)'\t' || c == (byte)'\r')
                {
                    pos++;
                }
                else if (c == (byte)'\n')
                {
                    state.LineFeeds++;
                    state.LastLineFeed = pos;
                    pos++;
                }
                else
                {
                    goto Unsure;
                }
            }

            tokenStart = pos;
            switch (next)
            {
                case SkipExpect.CommaOrEnd:
                    if (c == (byte)',')
                    {
                        pos++;
                        next = ((arrays >> (depth - 1)) & 1) != 0 ? SkipExpect.Value : SkipExpect.Name;
                        break;
                    }

                    if (c == (byte)(((arrays >> (depth - 1)) & 1) != 0 ? ']' : '}'))
                    {
                        pos++;
                        hook.Close(--depth);
                        if (depth == 0)
                        {
                            outcome = SkipOutcome.Done;
                            tokenStart = pos;
                            goto Stop;
                        }

                        break;
                    }

                    goto Unsure;
                case SkipExpect.Name or SkipExpect.NameOrEndObject:
                    if (c == (byte)'"')
                    {
                        var end = StringEnd(data, pos + 1);
                        if (end < 0)
                        {
                            if (end == -1)
                            {
                                goto Stop;
                            }

                            goto Unsure;
                        }

                        if (!hook.Name(data, pos, end, depth))
                        {
                            goto Unsure;
                        }

                        pos = end;
                        next = SkipExpect.Colon;
                        break;
                    }

                    if (c == (byte)'}' && next == SkipExpect.NameOrEndObject)
                    {
                        pos++;
                        next = SkipExpect.CommaOrEnd;
                        hook.Close(--depth);
                        if (depth == 0)
                        {
                            outcome = SkipOutcome.Done;
                            tokenStart = pos;
                            goto Stop;
                        }

                        break;
                    }

                    goto Unsure;
                case SkipExpect.Colon:
                    if (c != (byte)':')
                    {
                        goto Unsure;
                    }

                    pos++;
                    next = SkipExpect.Value;
                    break;
                default:
                    // A value (or, just after '[', the end of the array).
                    switch (c)
                    {
                        case (byte)'"':
                            {
                                var end = StringEnd(data, pos + 1);
                                if (end < 0)
                                {
                                    if (end == -1)
                                    {
                                        goto Stop;
                                    }

                                    goto Unsure;
                                }

                                pos = end;
                                break;
                            }

                        case (byte)'{' or (byte)'[':
                            if (depth >= JsonSkipState.MaxTrackedDepth || state.OuterDepth + depth >= maxDepth)
                            {
                                goto Unsure;
                            }

                            if (c == (byte)'[')
                            {
                                arrays |= 1UL << depth;
                                next = SkipExpect.ValueOrEndArray;
                            }
                            else
                            {
                                arrays &= ~(1UL << depth);
                                next = SkipExpect.NameOrEndObject;
                            }

                            depth++;
                            hook.Open(c == (byte)'{', depth);
                            pos++;
                            continue;
                        case (byte)']' when next == SkipExpect.ValueOrEndArray:
                            pos++;
                            next = SkipExpect.CommaOrEnd;
                            hook.Close(--depth);
                            if (depth == 0)
                            {
                                outcome = SkipOutcome.Done;
                                tokenStart = pos;
                                goto Stop;
                            }

                            continue;
                        case (byte)'t':
                            if (!Literal(data, pos, "true"u8, ref outcome))
                            {
                                goto Stop;
                            }

                            pos += 4;
                            break;
                        case (byte)'f':
                            if (!Literal(data, pos, "false"u8, ref outcome))
                            {
                                goto Stop;
                            }

                            pos += 5;
                            break;
                        case (byte)'n':
                            if (!Literal(data, pos, "null"u8, ref outcome))
                            {
                                goto Stop;
                            }

                            pos += 4;
                            break;
                        default:
                            {
                                var end = NumberEnd(data, pos);
                                if (end < 0)
                                {
                                    if (end == -1)
                                    {
                                        goto Stop;
                                    }

                                    goto Unsure;
                                }

                                pos = end;
                                break;
                            }
                    }

                    if (!hook.Value(data, tokenStart, pos, depth))
                    {
                        goto Unsure;
                    }

                    next = SkipExpect.CommaOrEnd;
                    if (depth == 0)
                    {
                        // A scalar on its own is the whole value.
                        outcome = SkipOutcome.Done;
                        tokenStart = pos;
                        goto Stop;
                    }

                    break;
            }
        }

    Unsure:
        return SkipOutcome.Unsure;

    Stop:
        // Done: past the value. NeedMore: the token that was cut short starts again once more data is in.
        state.Position = tokenStart;
        state.Depth = depth;
        state.Arrays = arrays;
        state.Next = next;
        return outcome;
    }

    /// <summary>The index just past the closing quote of a string whose body starts at <paramref name="pos"/>; −1 when the data ends first, −2 when the string is invalid.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int StringEnd(ReadOnlySpan<byte> data, int pos)
    {
        while (true)
        {
            var stop = IndexOfStringStop(data, pos);
            if (stop < 0)
            {
                return -1;
            }

            pos = stop;
            var c = data[pos];
            if (c == (byte)'"')
            {
                return pos + 1;
            }

            if (c != (byte)'\\')
            {
                return -2;
            }

            pos = EscapeEnd(data, pos);
            if (pos < 0)
            {
                return pos;
            }
        }
    }

    /// <summary>
    /// The index of the first quote, backslash or control byte at or after <paramref name="pos"/>, or −1. Most strings in
    /// records are short: one 16-byte compare settles them, where a general <see cref="SearchValues{T}"/> search costs
    /// more per call; longer runs go on 16 bytes at a time and then to the vectorised search.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int IndexOfStringStop(ReadOnlySpan<byte> data, int pos)
    {
        if (Vector128.IsHardwareAccelerated)
        {
            ref var start = ref MemoryMarshal.GetReference(data);
            var limit = Math.Min(data.Length - Vector128<byte>.Count, pos + (4 * Vector128<byte>.Count));
            while (pos <= limit)
            {
                var block = Vector128.LoadUnsafe(ref start, (nuint)pos);
                var stops = Vector128.Equals(block, Vector128.Create((byte)'"'))
                    | Vector128.Equals(block, Vector128.Create((byte)'\\'))
                    | Vector128.LessThan(block, Vector128.Create((byte)0x20));
                if (stops != Vector128<byte>.Zero)
                {
                    return pos + BitOperations.TrailingZeroCount(stops.ExtractMostSignificantBits());
                }

                pos += Vector128<byte>.Count;
            }
        }

        var found = data[pos..].IndexOfAny(StringStops);
        return found < 0 ? -1 : pos + found;
    }

    /// <summary>The index past the escape at <paramref name="pos"/> (its backslash); −1 when the data ends first, −2 when it is invalid.</summary>
    private static int EscapeEnd(ReadOnlySpan<byte> data, int pos)
    {
        if (pos + 1 >= data.Length)
        {
            return -1;
        }

        switch (data[pos + 1])
        {
            case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                return pos + 2;
            case (byte)'u':
                for (var i = pos + 2; i < pos + 6; i++)
                {
                    if (i >= data.Length)
                    {
                        return -1;
                    }

                    if (!char.IsAsciiHexDigit((char)data[i]))
                    {
                        return -2;
                    }
                }

                return pos + 6;
            default:
                return -2;
        }
    }

    /// <summary>
    /// The index just past a number starting at <paramref name="pos"/> (RFC 8259: <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>);
    /// −1 when the data ends before the number can be known complete, −2 when it is not a number.
    /// A number must be followed by a delimiter, as the reader has it: <c>01</c> and <c>0{</c> are not numbers.
    /// </summary>
    internal static int NumberEnd(ReadOnlySpan<byte> data, int pos)
    {
        if (data[pos] == (byte)'-')
        {
            pos++;
        }

        if (pos >= data.Length)
        {
            return -1;
        }

        if (data[pos] == (byte)'0')
        {
            pos++;
        }
        else if (IsDigit(data[pos]))
        {
            pos = Digits(data, pos + 1);
        }
        else
        {
            return -2;
        }

        if (pos >= data.Length)
        {
            return -1;
        }

        if (data[pos] == (byte)'.')
        {
            pos = DigitRun(data, pos + 1);
            if (pos < 0)
            {
                return pos;
            }
        }

        if ((data[pos] | 0x20) == (byte)'e')
        {
            pos++;
            if (pos < data.Length && data[pos] is (byte)'+' or (byte)'-')
            {
                pos++;
            }

            pos = DigitRun(data, pos);
            if (pos < 0)
            {
                return pos;
            }
        }

        // The reader wants a delimiter after a number even where the grammar would refuse what follows anyway.
        return data[pos] is (byte)',' or (byte)'}' or (byte)']' or (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' ? pos : -2;
    }

    /// <summary>
    /// The index past one or more digits from <paramref name="pos"/> (a fraction's or an exponent's), with data left
    /// after them; −1 when the data ends first, −2 when no digit is there.
    /// </summary>
    private static int DigitRun(ReadOnlySpan<byte> data, int pos)
    {
        if (pos >= data.Length)
        {
            return -1;
        }

        if (!IsDigit(data[pos]))
        {
            return -2;
        }

        pos = Digits(data, pos + 1);
        return pos >= data.Length ? -1 : pos;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Digits(ReadOnlySpan<byte> data, int pos)
    {
        while (pos < data.Length && IsDigit(data[pos]))
        {
            pos++;
        }

        return pos;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte c) => (uint)(c - '0') <= 9;

    /// <summary>Whether <paramref name="literal"/> is at <paramref name="pos"/>; when it is not (or cannot be told yet) sets the outcome to stop with.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Literal(ReadOnlySpan<byte> data, int pos, ReadOnlySpan<byte> literal, ref SkipOutcome outcome)
    {
        var rest = data[pos..];
        if (rest.StartsWith(literal))
        {
            return true;
        }

        // Cut short but so far right: wait for more; anything else is for the reader to word.
        outcome = rest.Length < literal.Length && literal.StartsWith(rest) ? SkipOutcome.NeedMore : SkipOutcome.Unsure;
        return false;
    }
}
