using System.Runtime.CompilerServices;
using Tributary.Internal.Json;

namespace Tributary.Transform.Internal;

/// <summary>
/// The byte scanner: the token reader's one pass done over the record's bytes with <see cref="JsonSkipper"/>'s
/// techniques (strings found 16 bytes at a time, member names matched against the name the cache expects at that
/// position), making the same sink calls. It answers <see cref="OnePassScan.Declined"/> only where the token reader
/// certainly answers false (whatever follows), and <see cref="OnePassScan.Unsure"/> on anything else it does not
/// read exactly as the token reader does (white space and JSON errors, odd envelopes, the depth limits' edges).
/// </summary>
internal sealed partial class OnePassReader
{
    private OnePassScan Scan(ReadOnlySpan<byte> data, IOnePassValueSink sink, out OnePassLineage lineage)
    {
        lineage = default;
        var pos = SkipWhiteSpace(data, 0);
        if ((uint)pos >= (uint)data.Length || data[pos] != (byte)'{')
        {
            return OnePassScan.Unsure;
        }

        pos = SkipWhiteSpace(data, pos + 1);
        if (data[pos..].StartsWith("\"tributary\""u8))
        {
            return ScanEnvelope(data, pos + 11, sink, out lineage);
        }

        // A bare record: its members sit at depth 2 as the document path counts it, in the reader's first container.
        var outcome = ScanObject(data, ref pos, _root, 2, 1, sink);
        return outcome != OnePassScan.Read || OnlyWhiteSpaceFrom(data, pos) ? outcome : OnePassScan.Unsure;
    }

    private OnePassScan ScanEnvelope(ReadOnlySpan<byte> data, int pos, IOnePassValueSink sink, out OnePassLineage lineage)
    {
        lineage = default;

        // Only "tributary":1 exactly: any other number is for the token reader to judge.
        pos = SkipWhiteSpace(data, pos);
        if (!Is(data, pos, (byte)':'))
        {
            return OnePassScan.Unsure;
        }

        pos = SkipWhiteSpace(data, pos + 1);
        if (!Is(data, pos, (byte)'1') || JsonSkipper.NumberEnd(data, pos) != pos + 1)
        {
            return OnePassScan.Unsure;
        }

        pos++;
        TokenRange source = default, shard = default, sequence = default;
        long? index = null, arrival = null;
        var seen = 0;
        while (true)
        {
            pos = SkipWhiteSpace(data, pos);
            if (Is(data, pos, (byte)'}'))
            {
                break;
            }

            if (!Is(data, pos, (byte)','))
            {
                return OnePassScan.Unsure;
            }

            var member = CompactMember(data, ref pos);
            if (member >= 0)
            {
                pos = SkipWhiteSpace(data, pos);
            }
            else
            {
                pos = SkipWhiteSpace(data, pos + 1);
                if (!Is(data, pos, (byte)'"'))
                {
                    return OnePassScan.Unsure;
                }

                var stop = JsonSkipper.IndexOfStringStop(data, pos + 1);
                if (stop < 0 || data[stop] != (byte)'"')
                {
                    return OnePassScan.Unsure;
                }

                member = Member(data[(pos + 1)..stop]);
                pos = SkipWhiteSpace(data, stop + 1);
                if (!Is(data, pos, (byte)':'))
                {
                    return OnePassScan.Unsure;
                }

                pos = SkipWhiteSpace(data, pos + 1);
            }

            if ((seen & member) != 0)
            {
                return OnePassScan.Unsure;
            }

            seen |= member;
            switch (member)
            {
                case RecordMember:
                    {
                        if (!Is(data, pos, (byte)'{') || 2 > _readerMaxDepth)
                        {
                            return OnePassScan.Unsure;
                        }

                        pos++;
                        var outcome = ScanObject(data, ref pos, _root, 2, 2, sink);
                        if (outcome != OnePassScan.Read)
                        {
                            return outcome;
                        }

                        break;
                    }

                case SourceMember when ScanString(data, ref pos, out source):
                case ShardMember when ScanString(data, ref pos, out shard):
                case SequenceMember when ScanString(data, ref pos, out sequence):
                case IndexMember when ScanInt64(data, ref pos, out index):
                case ArrivalMember when ScanInt64(data, ref pos, out arrival):
                    break;
                case 0:
                    {
                        // Another member: valid JSON within the reader's depth, or the token reader decides.
                        var state = JsonSkipState.AtValue(pos, 1);
                        if (JsonSkipper.Skip(data, ref state, _readerMaxDepth) != SkipOutcome.Done)
                        {
                            return OnePassScan.Unsure;
                        }

                        pos = state.Position;
                        break;
                    }

                default:
                    return OnePassScan.Unsure;
            }
        }

        if ((seen & RecordMember) == 0 || !OnlyWhiteSpaceFrom(data, pos + 1))
        {
            return OnePassScan.Unsure;
        }

        lineage = new OnePassLineage(source, index, shard, sequence, arrival);
        return OnePassScan.Read;
    }

    /// <summary>
    /// Flattens the object whose opening brace is just before <paramref name="pos"/>, its members at
    /// <paramref name="depth"/> as the document path counts it and inside <paramref name="container"/> containers as
    /// the reader counts them; leaves <paramref name="pos"/> just past the closing brace.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private OnePassScan ScanObject(ReadOnlySpan<byte> data, ref int pos, ColumnNode parent, int depth, int container, IOnePassValueSink sink)
    {
        for (var ordinal = 0; ; ordinal++)
        {
            pos = SkipWhiteSpace(data, pos);
            if ((uint)pos >= (uint)data.Length)
            {
                return OnePassScan.Unsure;
            }

            if (data[pos] != (byte)'"')
            {
                // An empty object here is the record itself (a member's {} is read as a null below): the token
                // reader leaves it to the document path. Anything else is not a name.
                return ordinal == 0 && data[pos] == (byte)'}' ? OnePassScan.Declined : OnePassScan.Unsure;
            }

            // Records of one stream repeat their shape: the name the cache expects here is one compare.
            var node = parent.ChildAt(ordinal);
            if (node is not null && NameAt(data, pos + 1, node.RawName))
            {
                pos += node.RawName.Length + 2;
            }
            else
            {
                var stop = JsonSkipper.IndexOfStringStop(data, pos + 1);
                if (stop < 0 || data[stop] < (byte)' ')
                {
                    return OnePassScan.Unsure;
                }

                if (data[stop] == (byte)'\\' || stop == pos + 1)
                {
                    // An escaped or empty name.
                    return OnePassScan.Declined;
                }

                var name = data[(pos + 1)..stop];
                node = parent.Find(name, ordinal) ?? Add(parent, name);
                pos = stop + 1;
            }

            var slot = node.Slot!;
            if (slot.LastRecord == _record)
            {
                // A repeated key, or two paths joined to one name.
                return OnePassScan.Declined;
            }

            slot.LastRecord = _record;
            if (!Is(data, pos, (byte)':'))
            {
                pos = SkipWhiteSpace(data, pos);
                if (!Is(data, pos, (byte)':'))
                {
                    return OnePassScan.Unsure;
                }
            }

            pos = SkipWhiteSpace(data, pos + 1);
            if ((uint)pos >= (uint)data.Length)
            {
                return OnePassScan.Unsure;
            }

            int end;
            OnePassValueKind kind;
            switch (data[pos])
            {
                case (byte)'"':
                    {
                        var stop = JsonSkipper.IndexOfStringStop(data, pos + 1);
                        if (stop < 0)
                        {
                            return OnePassScan.Unsure;
                        }

                        if (data[stop] == (byte)'"')
                        {
                            end = stop + 1;
                            kind = OnePassValueKind.String;
                        }
                        else
                        {
                            end = data[stop] == (byte)'\\' ? JsonSkipper.StringEnd(data, stop) : -2;
                            if (end < 0)
                            {
                                return OnePassScan.Unsure;
                            }

                            kind = OnePassValueKind.EscapedString;
                        }

                        break;
                    }

                case (byte)'{':
                    {
                        if (container >= _readerMaxDepth)
                        {
                            // The reader throws on this object, empty or not.
                            return OnePassScan.Declined;
                        }

                        var inner = SkipWhiteSpace(data, pos + 1);
                        if (Is(data, inner, (byte)'}'))
                        {
                            // {} flattens to a null before any depth check, as the document path's Add does.
                            if (!slot.Allowed)
                            {
                                return OnePassScan.Declined;
                            }

                            sink.OnePassNull(slot);
                            pos = inner + 1;
                        }
                        else
                        {
                            if (depth >= _maxDepth)
                            {
                                return OnePassScan.Declined;
                            }

                            pos++;
                            var outcome = ScanObject(data, ref pos, node, depth + 1, container + 1, sink);
                            if (outcome != OnePassScan.Read)
                            {
                                return outcome;
                            }
                        }

                        goto AfterValue;
                    }

                case (byte)'[':
                    return OnePassScan.Declined;
                case (byte)'t':
                    end = Literal(data, pos, "true"u8);
                    kind = OnePassValueKind.Verbatim;
                    break;
                case (byte)'f':
                    end = Literal(data, pos, "false"u8);
                    kind = OnePassValueKind.Verbatim;
                    break;
                case (byte)'n':
                    end = Literal(data, pos, "null"u8);
                    kind = OnePassValueKind.Null;
                    break;
                default:
                    end = JsonSkipper.NumberEnd(data, pos);
                    kind = OnePassValueKind.Verbatim;
                    break;
            }

            if (end < 0)
            {
                return OnePassScan.Unsure;
            }

            if (!slot.Allowed)
            {
                return OnePassScan.Declined;
            }

            sink.OnePassValue(slot, kind, data[pos..end]);
            pos = end;

        AfterValue:
            if (!Is(data, pos, (byte)',') && !Is(data, pos, (byte)'}'))
            {
                pos = SkipWhiteSpace(data, pos);
            }

            if (Is(data, pos, (byte)','))
            {
                pos++;
                continue;
            }

            if (Is(data, pos, (byte)'}'))
            {
                pos++;
                return OnePassScan.Read;
            }

            return OnePassScan.Unsure;
        }
    }

    /// <summary>
    /// The envelope member whose comma, name and colon are at <paramref name="pos"/> exactly as process writes them
    /// (<c>,"source":</c> and so on, no white space), moving past them; −1 for anything else, which is read the long way.
    /// </summary>
    private static int CompactMember(ReadOnlySpan<byte> data, ref int pos)
    {
        var rest = data[pos..];
        if (rest.Length < 10 || rest[1] != (byte)'"')
        {
            return -1;
        }

        var member = rest[2] switch
        {
            (byte)'s' when rest[3] == (byte)'o' => SourceMember,
            (byte)'s' when rest[3] == (byte)'h' => ShardMember,
            (byte)'s' => SequenceMember,
            (byte)'i' => IndexMember,
            (byte)'a' => ArrivalMember,
            (byte)'r' => RecordMember,
            _ => -1,
        };
        var head = member switch
        {
            SourceMember => ",\"source\":"u8,
            ShardMember => ",\"shard\":"u8,
            SequenceMember => ",\"sequence\":"u8,
            IndexMember => ",\"index\":"u8,
            ArrivalMember => ",\"arrival\":"u8,
            RecordMember => ",\"record\":"u8,
            _ => default,
        };
        if (member < 0 || !rest.StartsWith(head))
        {
            return -1;
        }

        pos += head.Length;
        return member;
    }

    /// <summary>An envelope string member's token (or null) at <paramref name="pos"/>; false when it is neither.</summary>
    private static bool ScanString(ReadOnlySpan<byte> data, ref int pos, out TokenRange range)
    {
        range = default;
        if (Is(data, pos, (byte)'"'))
        {
            var end = JsonSkipper.StringEnd(data, pos + 1);
            if (end < 0)
            {
                return false;
            }

            range = new TokenRange(pos, end - pos);
            pos = end;
            return true;
        }

        return ScanNull(data, ref pos);
    }

    /// <summary>
    /// An envelope integer member at <paramref name="pos"/>: an integer of at most 18 digits (so no overflow) or null;
    /// false for any other number, which the token reader judges.
    /// </summary>
    private static bool ScanInt64(ReadOnlySpan<byte> data, ref int pos, out long? value)
    {
        value = null;
        if (Is(data, pos, (byte)'n'))
        {
            return ScanNull(data, ref pos);
        }

        var end = (uint)pos < (uint)data.Length ? JsonSkipper.NumberEnd(data, pos) : -1;
        var negative = Is(data, pos, (byte)'-');
        var first = negative ? pos + 1 : pos;
        if (end < 0 || end - first > 18)
        {
            return false;
        }

        long number = 0;
        for (var i = first; i < end; i++)
        {
            var digit = (uint)(data[i] - '0');
            if (digit > 9)
            {
                return false;
            }

            number = (number * 10) + digit;
        }

        value = negative ? -number : number;
        pos = end;
        return true;
    }

    private static bool ScanNull(ReadOnlySpan<byte> data, ref int pos)
    {
        var end = Literal(data, pos, "null"u8);
        if (end < 0)
        {
            return false;
        }

        pos = end;
        return true;
    }

    /// <summary>The index past <paramref name="literal"/> at <paramref name="pos"/>, or −1 when it is not there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Literal(ReadOnlySpan<byte> data, int pos, ReadOnlySpan<byte> literal) =>
        data[pos..].StartsWith(literal) ? pos + literal.Length : -1;

    /// <summary>Whether the string body at <paramref name="start"/> is exactly <paramref name="name"/> (a name without escapes, quotes or control bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool NameAt(ReadOnlySpan<byte> data, int start, byte[] name)
    {
        var close = start + name.Length;
        return (uint)close < (uint)data.Length && data[close] == (byte)'"' && data.Slice(start, name.Length).SequenceEqual(name);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Is(ReadOnlySpan<byte> data, int pos, byte expected) => (uint)pos < (uint)data.Length && data[pos] == expected;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SkipWhiteSpace(ReadOnlySpan<byte> data, int pos)
    {
        while ((uint)pos < (uint)data.Length && data[pos] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            pos++;
        }

        return pos;
    }

    private static bool OnlyWhiteSpaceFrom(ReadOnlySpan<byte> data, int pos) => data[pos..].IndexOfAnyExcept(" \t\r\n"u8) < 0;
}
