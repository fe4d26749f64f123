using System.Diagnostics.Metrics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tributary.Configuration;
using Tributary.Delivery.Internal;
using Tributary.Flatten;
using Tributary.Telemetry;
using Tributary.Tests.Flatten;
using Tributary.Transform;
using Tributary.Transform.Internal;

namespace Tributary.Tests.Transform;

/// <summary>
/// The one-pass reader must give exactly the document path's staging rows, columns, errors and response sizes:
/// every input is staged with the reader on and off and the two chunks are compared value by value. Tests also pin
/// which inputs the reader takes and which it leaves to the document path, so that a comparison of two document
/// paths cannot pass for one.
/// </summary>
public sealed class OnePassEquivalenceTests
{
    private static readonly TransformOptions Options = new() { MaxDepth = OnePassCorpus.MaxDepth, MaxRowsPerRecord = 50 };

    public static TheoryData<string> CoveredRecords() => [.. OnePassCorpus.Covered];

    public static TheoryData<string> BailOutRecords() => [.. OnePassCorpus.BailOuts];

    [Theory]
    [MemberData(nameof(CoveredRecords))]
    public void The_reader_takes_a_common_record_bare_and_in_an_envelope_with_the_document_paths_row(string json)
    {
        Assert.True(TakesOnePass(Encoding.UTF8.GetBytes(json)));
        Assert.True(TakesOnePass(OnePassCorpus.Envelope(json, 3)));
        AssertSameStaging([Encoding.UTF8.GetBytes(json), OnePassCorpus.Envelope(json, 3)]);
    }

    [Theory]
    [MemberData(nameof(BailOutRecords))]
    public void The_reader_leaves_a_record_outside_its_cases_to_the_document_path(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.False(TakesOnePass(bytes));
        AssertSameStaging([bytes, Encoding.UTF8.GetBytes("""{"before":1}"""), bytes, Encoding.UTF8.GetBytes("""{"after":2}""")]);
    }

    [Fact]
    public void The_reader_leaves_envelopes_it_does_not_read_exactly_as_the_document_path_to_it()
    {
        foreach (var envelope in OnePassCorpus.EnvelopeBailOuts)
        {
            Assert.False(TakesOnePass(Encoding.UTF8.GetBytes(envelope)), envelope);
        }

        foreach (var envelope in OnePassCorpus.EnvelopesCovered)
        {
            Assert.True(TakesOnePass(Encoding.UTF8.GetBytes(envelope)), envelope);
        }

        AssertSameStaging([.. OnePassCorpus.EnvelopeBailOuts.Concat(OnePassCorpus.EnvelopesCovered).Select(Encoding.UTF8.GetBytes)]);
    }

    [Fact]
    public void Invalid_utf8_is_left_to_the_document_path()
    {
        byte[] record = [(byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}'];
        Assert.False(TakesOnePass(record));
        AssertSameStaging([record, OnePassCorpus.Envelope("""{"a":"ok"}""", 1)]);
    }

    [Fact]
    public void A_byte_order_mark_stages_as_the_document_path_stages_it()
    {
        byte[] bom = [0xEF, 0xBB, 0xBF];
        AssertSameStaging([[.. bom, .. Encoding.UTF8.GetBytes("""{"a":1}""")], [.. bom, .. OnePassCorpus.Envelope("""{"a":1}""", 1)]]);
    }

    [Fact]
    public void Retail_records_all_take_the_reader_and_stage_as_the_document_path_stages_them()
    {
        var records = OnePassCorpus.Retail(500).ToList();
        Assert.All(records, r => Assert.True(TakesOnePass(r)));
        AssertSameStaging(records);
    }

    [Fact]
    public void The_flatsplode_rule_suite_stages_the_same_through_both_paths_in_compat_and_strict_mode()
    {
        using var golden = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Flatten", "Golden", "flatsplode.json")));
        var taken = 0;
        foreach (var mode in new[] { FlattenMode.Compat, FlattenMode.Strict })
        {
            foreach (var separator in golden.RootElement.EnumerateArray().Select(c => c.GetProperty("separator").GetString()!).Distinct())
            {
                var cases = golden.RootElement.EnumerateArray().Where(c => c.GetProperty("separator").GetString() == separator).ToList();
                var options = new TransformOptions { Mode = mode, Separator = separator, MaxRowsPerRecord = 1000 };
                var records = cases.SelectMany(c => new[]
                {
                    Encoding.UTF8.GetBytes(c.GetProperty("input").GetRawText()),
                    OnePassCorpus.Envelope(c.GetProperty("input").GetRawText(), 1),
                }).ToList();
                taken += records.Count(r => TakesOnePass(r, options));
                AssertSameStaging(records, options);
            }
        }

        // Most of the suite is about lists, but its plain nested objects must take the reader.
        Assert.True(taken >= 4, $"{taken} rule-suite inputs took the one-pass reader");
    }

    [Property(MaxTest = 200)]
    public Property Random_objects_stage_the_same_through_both_paths() =>
        Prop.ForAll(JsonGenerators.Objects(4).ToArbitrary(), json =>
        {
            AssertSameStaging([Encoding.UTF8.GetBytes(json), OnePassCorpus.Envelope(json, 9)]);
            return true;
        });

    [Property(MaxTest = 300)]
    public Property Random_list_free_objects_stage_the_same_through_both_paths() =>
        Prop.ForAll(ListFreeObjects(4).ToArbitrary(), json =>
        {
            AssertSameStaging([Encoding.UTF8.GetBytes(json), OnePassCorpus.Envelope(json, 9), Encoding.UTF8.GetBytes(json)]);
            return true;
        });

    [Fact]
    public void Response_sizes_split_invocations_and_refuse_records_alike()
    {
        // With a small response limit the invocation count and RecordTooLarge depend on each record's JSON size.
        var records = OnePassCorpus.Retail(60).Concat(OnePassCorpus.Covered.Select(c => OnePassCorpus.Envelope(c, 2))).ToList();
        foreach (var limit in new[] { 900, 1200, 2500, 6000 })
        {
            AssertSameStaging(records, new TransformOptions { MaxResponseBytes = limit, MaxDepth = OnePassCorpus.MaxDepth });
        }
    }

    private static Gen<string> ListFreeObjects(int depth)
    {
        string[] scalars = ["0", "-0", "1.50", "1e3", "12345678901234567890", "true", "false", "null", "\"\"", "\"a\"", "\"é\\n\\u0041\"", "\"\\ud800\""];
        string[] keys = ["a", "b", "a_b", "x", "_row", "_y", "k\\u00e9", "ключ", "", "sku"];
        var value = depth <= 0
            ? Gen.Elements(scalars)
            : Gen.Frequency((6, Gen.Elements(scalars)), (3, Gen.Sized(_ => ListFreeObjects(depth - 1))), (1, Gen.Constant("{}")));
        var member = Gen.Frequency((12, Gen.Elements(keys.Where(k => k is not ("" or "_row" or "k\\u00e9")).ToArray())), (1, Gen.Elements(keys)))
            .SelectMany(key => value.Select(v => $"\"{key}\":{v}"));
        return Gen.Choose(1, 5).SelectMany(count => member.ListOf(count)).Select(members => "{" + string.Join(",", members) + "}");
    }

    [Fact]
    public void Records_the_one_pass_reader_leaves_to_the_document_path_are_counted_on_both_paths()
    {
        byte[][] records =
        [
            OnePassCorpus.Envelope("""{"a":{"b":1}}""", 0),
            OnePassCorpus.Envelope("""{"a":[1,2]}""", 1),
            OnePassCorpus.Envelope("""{"a":{"b":"c"}}""", 2),
            OnePassCorpus.Envelope("""{"":1}""", 3),
        ];

        // The handler records on the calling thread; counting only this thread's measurements keeps the tests that
        // transform records at the same time out of the count.
        var thread = Environment.CurrentManagedThreadId;
        long counted = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == TributaryMetrics.MeterName && instrument.Name == MetricNames.TransformDocumentPath)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) =>
        {
            if (Environment.CurrentManagedThreadId == thread)
            {
                counted += value;
            }
        });
        listener.Start();

        Stage(new TransformHandler(Options), records);
        Assert.Equal(2, counted);
        Respond(new TransformHandler(Options), records);
        Assert.Equal(4, counted);
        Stage(new TransformHandler(Options) { OnePass = false }, records);
        Assert.Equal(4, counted);
    }

    private static bool TakesOnePass(byte[] record, TransformOptions? options = null)
    {
        using var chunk = new StagingChunk();
        var flattenOptions = (options ?? Options).ToFlattenOptions();
        var held = chunk.Hold(record, pinned: false).Span;
        return OnePassReader.ForThread().TryRead(held, flattenOptions, chunk, out var lineage)
            && chunk.TryEndOnePass(held, lineage, lineage.Arrival ?? OnePassCorpus.Arrival);
    }

    private static void AssertSameStaging(IReadOnlyList<byte[]> records, TransformOptions? options = null)
    {
        options ??= Options;
        var onePass = Stage(new TransformHandler(options), records);
        var document = Stage(new TransformHandler(options) { OnePass = false }, records);
        Assert.Equal(document, onePass);
        Assert.Equal(Respond(new TransformHandler(options) { OnePass = false }, records), Respond(new TransformHandler(options), records));
    }

    /// <summary>The JSON response a remote transform returns, with each result's row count; every other record carries Kinesis metadata.</summary>
    private static string Respond(TransformHandler handler, IReadOnlyList<byte[]> records)
    {
        var transformationEvent = new FirehoseTransformationEvent
        {
            Records = [.. records.Select((r, i) => new FirehoseTransformationRecord
            {
                RecordId = $"r{i}",
                Data = r,
                ApproximateArrivalTimestamp = OnePassCorpus.Arrival + 7 + i,
                KinesisRecordMetadata = i % 2 == 0 ? null : new KinesisRecordMetadata { ShardId = $"shardId-{i}", SequenceNumber = $"{i}00", ApproximateArrivalTimestamp = OnePassCorpus.Arrival + 99 },
            })],
        };
        try
        {
            var response = handler.Handle(transformationEvent);
            return JsonSerializer.Serialize(response, TransformJsonContext.Default.FirehoseTransformationResponse)
                + "\nrows " + string.Join(",", response.Records.Select(r => r.RowCount));
        }
        catch (InvalidOperationException e)
        {
            // The JSON path fails a whole invocation on a lineage string with an invalid escape: both paths must.
            return $"threw {e.Message}";
        }
    }

    /// <summary>Everything the staging object and the error output are made from, as text.</summary>
    private static string Stage(TransformHandler handler, IReadOnlyList<byte[]> records)
    {
        using var chunk = new StagingChunk();
        var sink = new SizeRecordingSink(chunk);
        var failures = new List<InProcessFailure>();
        var inputs = records.Select((r, i) => new InProcessRecord(r, OnePassCorpus.Arrival + 1000 + i, i)).ToArray();
        int invocations;
        try
        {
            invocations = handler.TransformInto(inputs, sink, failures);
        }
        catch (InvalidOperationException e)
        {
            // Before session 5's fixes, a lineage string with an invalid escape failed the whole invocation: both paths must agree.
            return $"threw {e.Message}";
        }

        var text = new StringBuilder();
        text.AppendLine($"invocations {invocations}, rows {chunk.Count}, oldest {chunk.OldestArrival}");
        text.AppendLine($"sizes {string.Join(",", sink.Sizes)}");
        foreach (var failure in failures)
        {
            text.AppendLine($"failed {failure.Index} {failure.ErrorCode} {failure.ErrorMessage}");
        }

        for (var i = 0; i < chunk.Names.Count; i++)
        {
            text.AppendLine($"column {chunk.Names[i]}: {Dump(chunk.Data(i), chunk.Count)}");
        }

        text.AppendLine($"_source_file: {Dump(chunk.SourceFile, chunk.Count)}");
        text.AppendLine($"_source_record: {Dump(chunk.SourceRecord, chunk.Count)}");
        text.AppendLine($"_row: {Dump(chunk.Row, chunk.Count)}");
        text.AppendLine($"_shard: {Dump(chunk.Shard, chunk.Count)}");
        text.AppendLine($"_sequence_number: {Dump(chunk.SequenceNumber, chunk.Count)}");
        text.AppendLine($"_arrival_time: {Dump(chunk.ArrivalTime, chunk.Count)}");
        return text.ToString();
    }

    private static string Dump(OptionalColumn<ParquetSharp.ByteArray> column, int rows)
    {
        var values = column.Values;
        var next = 0;
        var cells = new List<string>();
        foreach (var level in column.Levels(rows))
        {
            if (level == 0)
            {
                cells.Add("NULL");
                continue;
            }

            var value = values[next++];
            var bytes = new byte[value.Length];
            Marshal.Copy(value.Pointer, bytes, 0, value.Length);
            cells.Add(Convert.ToHexString(bytes));
        }

        return string.Join("|", cells);
    }

    private static string Dump<T>(OptionalColumn<T> column, int rows)
        where T : unmanaged
    {
        var values = column.Values.ToArray();
        var next = 0;
        return string.Join("|", column.Levels(rows).ToArray().Select(level => level == 0 ? "NULL" : values[next++].ToString()));
    }

    /// <summary>Records the JSON size each kept or refused record had, as the response limit saw it.</summary>
    private sealed class SizeRecordingSink(StagingChunk chunk) : IStagingRecordSink
    {
        public List<long> Sizes { get; } = [];

        public long PendingJsonBytes => chunk.PendingJsonBytes;

        public ReadOnlyMemory<byte> Hold(ReadOnlyMemory<byte> record, bool pinned) => chunk.Hold(record, pinned);

        public void BeginRecord(in RawLineage lineage, long arrivalMilliseconds) => chunk.BeginRecord(lineage, arrivalMilliseconds);

        public void OnRow(ReadOnlySpan<FlatColumn> columns) => chunk.OnRow(columns);

        public void BeginOnePass() => chunk.BeginOnePass();

        public void OnePassValue(ColumnSlot column, OnePassValueKind kind, ReadOnlySpan<byte> raw) => chunk.OnePassValue(column, kind, raw);

        public void OnePassNull(ColumnSlot column) => chunk.OnePassNull(column);

        public bool TryEndOnePass(ReadOnlySpan<byte> record, in OnePassLineage lineage, long arrivalMilliseconds) =>
            chunk.TryEndOnePass(record, lineage, arrivalMilliseconds);

        public void CommitRecord()
        {
            Sizes.Add(chunk.PendingJsonBytes);
            chunk.CommitRecord();
        }

        public void AbandonRecord()
        {
            // The one-pass reader abandons its partial values with nothing pending before the document path runs.
            if (chunk.PendingJsonBytes != 0)
            {
                Sizes.Add(-chunk.PendingJsonBytes);
            }

            chunk.AbandonRecord();
        }
    }
}
