using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Tributary.Internal;
using Tributary.Processing.Internal;
using Tributary.Records.Internal;

namespace Tributary.Processing;

/// <summary>
/// A raw-archive key template such as <c>raw/Region={RetailTxnData.Region}/invoiceprocess_date={arrival:yyyy-MM-dd}/</c>:
/// literal text, record field paths and the arrival time. Every value is escaped as a Hive partition value, so the
/// result always stays under the template's literal prefix.
/// </summary>
public sealed class RawKeyTemplate
{
    private const int MaxCachedFolders = 16_384;

    // Partition values are short; a key longer than this (a placeholder naming a large object, say) is not cached, so
    // the cache stays within MaxCachedFolders x MaxCachedKeyBytes.
    private const int MaxCachedKeyBytes = 512;
    private readonly List<Part> _parts = [];
    private readonly ConcurrentDictionary<byte[], string> _folders = new(ByteKeyComparer.Instance);

    /// <summary>Parses a template; it must start with a literal prefix ending in <c>/</c> (for example <c>raw/</c>).</summary>
    /// <exception cref="FormatException">The template is malformed.</exception>
    public RawKeyTemplate(string template)
    {
        ArgumentException.ThrowIfNullOrEmpty(template);
        Template = template;
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf('{', position);
            if (open < 0)
            {
                _parts.Add(new Part(template[position..], null, null));
                break;
            }

            if (open > position)
            {
                _parts.Add(new Part(template[position..open], null, null));
            }

            var close = template.IndexOf('}', open);
            if (close < 0)
            {
                throw new FormatException($"Raw key template '{template}': '{{' at {open} is not closed.");
            }

            var name = template[(open + 1)..close];
            if (name.StartsWith("arrival:", StringComparison.Ordinal))
            {
                _parts.Add(new Part(null, null, name["arrival:".Length..]));
            }
            else if (name.Length == 0 || name.Split('.').Any(s => s.Length == 0))
            {
                throw new FormatException($"Raw key template '{template}': '{{{name}}}' is not a field path.");
            }
            else
            {
                _parts.Add(new Part(null, new JsonFieldPath(name), null));
            }

            position = close + 1;
        }

        if (_parts[0].Literal is not { } prefix || !prefix.Contains('/', StringComparison.Ordinal) || prefix.StartsWith('/') || prefix.Contains("..", StringComparison.Ordinal))
        {
            throw new FormatException($"Raw key template '{template}' must start with a literal prefix such as 'raw/'.");
        }

        Prefix = prefix[..(prefix.LastIndexOf('/') + 1)];
        Fields = new RecordFields([.. _parts.Where(p => p.Field is not null).Select(p => p.Field!.Path)]);
    }

    /// <summary>The template text.</summary>
    public string Template { get; }

    /// <summary>The literal prefix every key starts with (for example <c>raw/</c>).</summary>
    public string Prefix { get; }

    /// <summary>The template's field paths, in order, for a walk that finds them while it reads the record anyway.</summary>
    internal RecordFields Fields { get; }

    /// <summary>Expands the template for one record.</summary>
    public string Expand(ReadOnlySpan<byte> record, DateTimeOffset arrival) => Expand(record, default, default, arrival);

    /// <summary>
    /// Expands the template for one record whose field values (<see cref="Fields"/>, positions in
    /// <paramref name="data"/>) were found by a walk of it; an object or array value is read again from the record.
    /// </summary>
    internal string Expand(ReadOnlySpan<byte> record, ReadOnlySpan<byte> data, ReadOnlySpan<FieldValue> values, DateTimeOffset arrival)
    {
        // Records of one partition share one folder string: the key of the cache is the values' bytes as written.
        Span<byte> key = stackalloc byte[MaxCachedKeyBytes];
        if (CacheKey(record, data, values, arrival, key) is var length and >= 0)
        {
            var lookup = _folders.GetAlternateLookup<ReadOnlySpan<byte>>();
            if (lookup.TryGetValue(key[..length], out var cached))
            {
                return cached;
            }

            var folder = ExpandUncached(record, arrival);
            if (_folders.Count < MaxCachedFolders)
            {
                lookup.TryAdd(key[..length], folder);
            }

            return folder;
        }

        return ExpandUncached(record, arrival);
    }

    /// <summary>
    /// Writes each placeholder's value as written in <paramref name="record"/> (kind, length, bytes) and the formatted
    /// arrival into <paramref name="key"/>; returns the length, or −1 when it does not fit.
    /// </summary>
    private int CacheKey(ReadOnlySpan<byte> record, ReadOnlySpan<byte> data, ReadOnlySpan<FieldValue> values, DateTimeOffset arrival, Span<byte> key)
    {
        var at = 0;
        var field = 0;
        foreach (var part in _parts)
        {
            ReadOnlySpan<byte> value;
            byte kind;
            if (part.Field is not null)
            {
                var found = values.IsEmpty ? default : values[field];
                field++;
                if (values.IsEmpty || found.Type is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    var type = part.Field.ReadRaw(record, out var start, out var length);
                    kind = (byte)type;
                    value = record.Slice(start, length);
                }
                else
                {
                    kind = (byte)found.Type;
                    value = found.Type == JsonTokenType.None ? default : data.Slice(found.Start, found.Length);
                }
            }
            else if (part.TimeFormat is not null)
            {
                kind = byte.MaxValue;
                var text = part.FormatArrivalUtf8(arrival);
                if (at + 5 + text.Length > key.Length)
                {
                    return -1;
                }

                key[at] = kind;
                BinaryPrimitives.WriteInt32LittleEndian(key[(at + 1)..], text.Length);
                text.CopyTo(key[(at + 5)..]);
                at += 5 + text.Length;
                continue;
            }
            else
            {
                continue;
            }

            if (at + 5 + value.Length > key.Length)
            {
                return -1;
            }

            key[at] = kind;
            BinaryPrimitives.WriteInt32LittleEndian(key[(at + 1)..], value.Length);
            value.CopyTo(key[(at + 5)..]);
            at += 5 + value.Length;
        }

        return at;
    }

    private string ExpandUncached(ReadOnlySpan<byte> record, DateTimeOffset arrival)
    {
        var builder = new StringBuilder(Template.Length + 32);
        foreach (var part in _parts)
        {
            if (part.Literal is not null)
            {
                builder.Append(part.Literal);
            }
            else if (part.Field is not null)
            {
                builder.Append(part.EscapeField(part.Field.Read(record)));
            }
            else
            {
                builder.Append(part.FormatArrival(arrival));
            }
        }

        if (builder.Length > 0 && builder[^1] != '/')
        {
            builder.Append('/');
        }

        return builder.ToString();
    }

    private sealed record Part(string? Literal, JsonFieldPath? Field, string? TimeFormat)
    {
        private const int MaxCachedValues = 4096;

        // Field values repeat (regions, stores) and so does the arrival time (one per put): escape and format each once.
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _escaped = new(StringComparer.Ordinal);
        // A reference, swapped whole: shards expand keys on several threads, and a torn pair would name the wrong day.
        private Tuple<long, string, byte[]>? _lastArrival;

        public string EscapeField(string? value)
        {
            if (value is null)
            {
                return HivePartitionValue.Escape(value);
            }

            if (_escaped.TryGetValue(value, out var escaped))
            {
                return escaped;
            }

            escaped = HivePartitionValue.Escape(value);
            if (_escaped.Count < MaxCachedValues)
            {
                _escaped.TryAdd(value, escaped);
            }

            return escaped;
        }

        public string FormatArrival(DateTimeOffset arrival) => Arrival(arrival).Item2;

        /// <summary>The formatted arrival as UTF-8.</summary>
        public ReadOnlySpan<byte> FormatArrivalUtf8(DateTimeOffset arrival) => Arrival(arrival).Item3;

        private Tuple<long, string, byte[]> Arrival(DateTimeOffset arrival)
        {
            var ticks = arrival.UtcTicks;
            if (Volatile.Read(ref _lastArrival) is { } last && last.Item1 == ticks)
            {
                return last;
            }

            var text = HivePartitionValue.Escape(arrival.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
            var formatted = Tuple.Create(ticks, text, Encoding.UTF8.GetBytes(text));
            Volatile.Write(ref _lastArrival, formatted);
            return formatted;
        }
    }
}
