using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Tributary.Flatten;

namespace Tributary.Transform.Internal;

/// <summary>
/// The transform's fast path for the common record: reads the envelope and flattens its record object in one forward
/// pass, handing each value to a sink, with no document built and no string made per value (joined names come from a
/// cache keyed by the parent key and the member's raw name). A byte scanner reads the record first (no tokens: it
/// matches member names against the cache's expected order and finds value ends 16 bytes at a time); on anything it
/// cannot vouch for it hands the record to a <see cref="Utf8JsonReader"/> pass, which reads it exactly as before.
/// <para>
/// It covers records whose objects nest within the depth limit and hold no list, no empty or escaped member name and
/// no repeated or colliding key; an empty object as a member's value is a null, as flatsplode makes it. It never
/// decides a failure or a quirk: on anything else (those cases, a metadata column's name, an envelope it does not read exactly as <see cref="EnvelopeReader"/> does,
/// invalid UTF-8 or JSON) it answers false, and the caller forgets the partial row and takes the document path,
/// which gives that record's rows or error as always.
/// </para>
/// One instance per thread (<see cref="ForThread"/>): the name cache is not thread-safe.
/// </summary>
internal sealed partial class OnePassReader
{
    // Bounds memory when names never repeat (for example ids used as keys).
    private const int MaxNodes = 50_000;

    // The envelope members the reader knows, as bits (a repeated one makes it step aside).
    private const int RecordMember = 1;
    private const int SourceMember = 2;
    private const int IndexMember = 4;
    private const int ShardMember = 8;
    private const int SequenceMember = 16;
    private const int ArrivalMember = 32;

    // Utf8JsonReader's depth when its options say 0.
    private const int DefaultReaderMaxDepth = 64;

    [ThreadStatic]
    private static OnePassReader? _thread;

    private readonly Dictionary<string, ColumnSlot> _slots = new(StringComparer.Ordinal);
    private ColumnNode _root = new([], null);
    private string _separator = "_";
    private int _nodes;
    private int _record;
    private int _maxDepth;
    private int _readerMaxDepth;

    public static OnePassReader ForThread() => _thread ??= new OnePassReader();

    /// <summary>Records this thread's reader handed to the document path so far (the handler counts them per invocation).</summary>
    public long Declined { get; private set; }

    /// <summary>Whether the byte scanner reads records first; off, every record takes the token reader (benches compare the two).</summary>
    internal bool Scans { get; set; } = true;

    /// <summary>Notes that a record this reader began goes to the document path.</summary>
    public void Decline() => Declined++;

    /// <summary>
    /// Starts a one-pass row in <paramref name="sink"/>, reads one record (an envelope or a bare object) and hands its
    /// values to the sink; false when the record is outside the fast path's cases, the values handed so far then being
    /// meaningless.
    /// </summary>
    public bool TryRead(ReadOnlySpan<byte> record, FlattenOptions options, IOnePassValueSink sink, out OnePassLineage lineage)
    {
        if (!Scans)
        {
            return TryReadTokens(record, options, sink, out lineage);
        }

        switch (TryScan(record, options, sink, out lineage))
        {
            case OnePassScan.Read:
                return true;
            case OnePassScan.Declined:
                return false;
            default:
                // The token reader decides, on a fresh row and a new record number (the scan marked the names it met).
                return TryReadTokens(record, options, sink, out lineage);
        }
    }

    /// <summary>The byte scanner alone on a record (tests compare it with <see cref="TryReadTokens"/>).</summary>
    internal OnePassScan TryScan(ReadOnlySpan<byte> record, FlattenOptions options, IOnePassValueSink sink, out OnePassLineage lineage)
    {
        lineage = default;
        if (!Begin(record, options, sink))
        {
            return OnePassScan.Declined;
        }

        return Scan(record, sink, out lineage);
    }

    /// <summary>The token reader alone on a record: the one pass as it was before the byte scanner.</summary>
    internal bool TryReadTokens(ReadOnlySpan<byte> record, FlattenOptions options, IOnePassValueSink sink, out OnePassLineage lineage)
    {
        lineage = default;
        if (!Begin(record, options, sink))
        {
            return false;
        }

        var readerOptions = new JsonReaderOptions { MaxDepth = options.MaxDepth };
        var reader = new Utf8JsonReader(record, readerOptions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
                || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName || reader.ValueIsEscaped)
            {
                return false;
            }

            bool read;
            if (reader.ValueSpan.SequenceEqual("tributary"u8))
            {
                read = ReadEnvelope(ref reader, record, sink, out lineage);
            }
            else
            {
                // A bare record: flatten it from its start.
                reader = new Utf8JsonReader(record, readerOptions);
                reader.Read();
                read = ReadObject(ref reader, _root, 2, record, sink);
            }

            // Nothing may follow the object but white space (the reader throws on anything else).
            return read && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Starts a record: a new record number, and a fresh row in the sink; false when the record is for the document path whatever its shape.</summary>
    private bool Begin(ReadOnlySpan<byte> record, FlattenOptions options, IOnePassValueSink sink)
    {
        Prepare(options);

        // The document path checks the whole record (the reader alone only checks the strings it decodes), and
        // decides what an escaped surrogate means wherever it is, even in a member the reader skips.
        if (!Utf8.IsValid(record) || MayHaveSurrogateEscape(record))
        {
            return false;
        }

        sink.BeginOnePass();
        return true;
    }

    /// <summary>Whether the bytes hold <c>\u</c> followed by D8–DF (a surrogate escape, paired or not, or look-alike text).</summary>
    private static bool MayHaveSurrogateEscape(ReadOnlySpan<byte> json)
    {
        for (var at = json.IndexOf("\\u"u8); at >= 0; at = json.IndexOf("\\u"u8))
        {
            if (at + 3 < json.Length && (json[at + 2] | 0x20) == 'd' && (json[at + 3] is (>= (byte)'8' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F')))
            {
                return true;
            }

            json = json[(at + 2)..];
        }

        return false;
    }

    private bool ReadEnvelope(ref Utf8JsonReader reader, ReadOnlySpan<byte> record, IOnePassValueSink sink, out OnePassLineage lineage)
    {
        lineage = default;
        if (!reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var version) || version != 1)
        {
            return false;
        }

        TokenRange source = default, shard = default, sequence = default;
        long? index = null, arrival = null;
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped)
            {
                return false;
            }

            var member = Member(reader.ValueSpan);
            if (member != 0 && (seen & member) != 0)
            {
                // A repeated envelope member: the document path keeps the last one.
                return false;
            }

            seen |= member;
            reader.Read();
            var ok = member switch
            {
                RecordMember => reader.TokenType == JsonTokenType.StartObject && ReadObject(ref reader, _root, 2, record, sink),
                SourceMember => TryString(ref reader, out source),
                IndexMember => TryInt64(ref reader, out index),
                ShardMember => TryString(ref reader, out shard),
                SequenceMember => TryString(ref reader, out sequence),
                ArrivalMember => TryInt64(ref reader, out arrival),
                _ => reader.TrySkip(),
            };
            if (!ok)
            {
                return false;
            }
        }

        if ((seen & RecordMember) == 0)
        {
            return false;
        }

        lineage = new OnePassLineage(source, index, shard, sequence, arrival);
        return true;
    }

    private static int Member(ReadOnlySpan<byte> name) => name switch
    {
        _ when name.SequenceEqual("record"u8) => RecordMember,
        _ when name.SequenceEqual("source"u8) => SourceMember,
        _ when name.SequenceEqual("index"u8) => IndexMember,
        _ when name.SequenceEqual("shard"u8) => ShardMember,
        _ when name.SequenceEqual("sequence"u8) => SequenceMember,
        _ when name.SequenceEqual("arrival"u8) => ArrivalMember,
        _ => 0,
    };

    private static bool TryString(ref Utf8JsonReader reader, out TokenRange range)
    {
        range = reader.TokenType == JsonTokenType.String ? new TokenRange((int)reader.TokenStartIndex, reader.ValueSpan.Length + 2) : default;
        return reader.TokenType is JsonTokenType.String or JsonTokenType.Null;
    }

    private static bool TryInt64(ref Utf8JsonReader reader, out long? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number))
        {
            value = number;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Flattens the object the reader stands on, whose members sit at <paramref name="depth"/> as the document path
    /// counts it; leaves the reader on the object's end.
    /// </summary>
    private bool ReadObject(ref Utf8JsonReader reader, ColumnNode parent, int depth, ReadOnlySpan<byte> record, IOnePassValueSink sink)
    {
        for (var ordinal = 0; ; ordinal++)
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                // An empty object flattens to a null (flatsplode's any(dict)): left to the document path.
                return ordinal > 0;
            }

            var name = reader.ValueSpan;
            if (reader.ValueIsEscaped || name.IsEmpty)
            {
                return false;
            }

            var node = parent.Find(name, ordinal) ?? Add(parent, name);
            var slot = node.Slot!;
            if (slot.LastRecord == _record)
            {
                // A repeated key, or two paths joined to one name: the document path knows which value wins.
                return false;
            }

            slot.LastRecord = _record;
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject when EmptyObjectFollows(record, ref reader):
                    // {} flattens to a null before any depth check, as the document path's Add does.
                    if (!slot.Allowed)
                    {
                        return false;
                    }

                    reader.Read();
                    sink.OnePassNull(slot);
                    break;
                case JsonTokenType.StartObject:
                    if (depth >= _maxDepth || !ReadObject(ref reader, node, depth + 1, record, sink))
                    {
                        return false;
                    }

                    break;
                case JsonTokenType.StartArray:
                    return false;
                case JsonTokenType.String:
                    if (!slot.Allowed)
                    {
                        return false;
                    }

                    sink.OnePassValue(
                        slot,
                        reader.ValueIsEscaped ? OnePassValueKind.EscapedString : OnePassValueKind.String,
                        record.Slice((int)reader.TokenStartIndex, reader.ValueSpan.Length + 2));
                    break;
                default:
                    if (!slot.Allowed)
                    {
                        return false;
                    }

                    sink.OnePassValue(slot, reader.TokenType == JsonTokenType.Null ? OnePassValueKind.Null : OnePassValueKind.Verbatim, reader.ValueSpan);
                    break;
            }
        }
    }

    /// <summary>Whether the object the reader stands on is empty (only white space before its closing brace).</summary>
    private static bool EmptyObjectFollows(ReadOnlySpan<byte> record, ref Utf8JsonReader reader)
    {
        var rest = record[((int)reader.TokenStartIndex + 1)..];
        var next = rest.IndexOfAnyExcept(" \t\r\n"u8);
        return next >= 0 && rest[next] == (byte)'}';
    }

    private ColumnNode Add(ColumnNode parent, ReadOnlySpan<byte> rawName)
    {
        var name = Encoding.UTF8.GetString(rawName);
        var key = parent.Slot is null ? name : string.Concat(parent.Slot.Name, _separator, name);
        if (!_slots.TryGetValue(key, out var slot))
        {
            slot = new ColumnSlot(key);
            _slots.Add(key, slot);
        }

        _nodes++;
        return parent.Add(rawName.ToArray(), slot);
    }

    private void Prepare(FlattenOptions options)
    {
        if (_nodes > MaxNodes || _record == int.MaxValue || !string.Equals(options.Separator, _separator, StringComparison.Ordinal))
        {
            _slots.Clear();
            _root = new ColumnNode([], null);
            _nodes = 0;
            _record = 0;
            _separator = options.Separator;
        }

        _record++;
        _maxDepth = options.MaxDepth;
        _readerMaxDepth = options.MaxDepth == 0 ? DefaultReaderMaxDepth : options.MaxDepth;
    }
}
