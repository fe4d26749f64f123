using System.Text.Json;
using Tributary.Flatten.Internal;

namespace Tributary.Flatten;

/// <summary>
/// Flattens one JSON object into rows with the semantics of flatsplode (the library the seed's transform used):
/// nested objects become keys joined by the separator, top-level lists explode into a Cartesian product (the first
/// list varies slowest, lists found deeper vary fastest), and the result is repeated until no list is left.
/// Thread-safe: scratch buffers are per thread.
/// </summary>
public sealed class Flattener
{
    [ThreadStatic]
    private static FlattenWalker? _threadWalker;

    /// <summary>Creates a flattener with the given options (compat mode, separator <c>_</c> by default).</summary>
    public Flattener(FlattenOptions? options = null)
    {
        Options = options ?? FlattenOptions.Compat;
        if (Options.MaxDepth < 1 || Options.MaxRowsPerRecord < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxDepth and MaxRowsPerRecord must be at least 1.");
        }

        DocumentOptions = new JsonDocumentOptions { MaxDepth = Options.MaxDepth };
    }

    /// <summary>The options this flattener applies.</summary>
    public FlattenOptions Options { get; }

    /// <summary>Options for parsing records so that the depth limit is enforced while parsing.</summary>
    public JsonDocumentOptions DocumentOptions { get; }

    /// <summary>Flattens a record and hands each row to <paramref name="sink"/>; returns the number of rows.</summary>
    /// <exception cref="FlattenException">The record is not an object, or breaks a limit or a strict-mode rule.</exception>
    public int Flatten(JsonElement record, IFlatRowSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var walker = _threadWalker ??= new FlattenWalker();
        _threadWalker = null;
        try
        {
            return walker.Run(record, Options, sink);
        }
        finally
        {
            // A sink that flattens again on the same thread gets its own walker meanwhile.
            _threadWalker = walker;
        }
    }

    /// <summary>Flattens a record into a list of rows (each row's values point into the record's document).</summary>
    /// <exception cref="FlattenException">The record is not an object, or breaks a limit or a strict-mode rule.</exception>
    public IReadOnlyList<FlatColumn[]> Flatten(JsonElement record)
    {
        var collector = new RowCollector();
        Flatten(record, collector);
        return collector.Rows;
    }

    /// <summary>Parses a UTF-8 JSON record with the depth limit and returns its document.</summary>
    /// <exception cref="FlattenException">The bytes are not valid JSON, or nest deeper than the limit.</exception>
    public JsonDocument Parse(ReadOnlyMemory<byte> utf8Json)
    {
        // The parser checks UTF-8 only where it decodes strings; staging must never hold a malformed string.
        if (!System.Text.Unicode.Utf8.IsValid(utf8Json.Span))
        {
            throw new FlattenException(
                FlattenErrorKind.InvalidJson,
                $"The record is not valid UTF-8: the first malformed sequence is at byte {FirstInvalidUtf8(utf8Json.Span)}.");
        }

        try
        {
            return JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw ParseError(utf8Json.Span, e);
        }
    }

    private FlattenException ParseError(ReadOnlySpan<byte> utf8Json, JsonException error)
    {
        // The parser reports a depth overrun like a syntax error; re-reading without the limit tells them apart.
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = int.MaxValue / 2 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= Options.MaxDepth)
                {
                    return new FlattenException(
                        FlattenErrorKind.DepthExceeded,
                        $"The record nests objects and arrays deeper than {Options.MaxDepth} levels (the depth limit).",
                        error);
                }
            }
        }
        catch (JsonException)
        {
            // Invalid JSON for another reason: report the parser's own message.
        }

        return new FlattenException(FlattenErrorKind.InvalidJson, $"The record is not valid JSON: {error.Message}", error);
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }

    private sealed class RowCollector : IFlatRowSink
    {
        public List<FlatColumn[]> Rows { get; } = [];

        public void OnRow(ReadOnlySpan<FlatColumn> columns) => Rows.Add(columns.ToArray());
    }
}
