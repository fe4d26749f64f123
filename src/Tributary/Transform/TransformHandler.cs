using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tributary.Configuration;
using Tributary.Flatten;
using Tributary.Telemetry;
using Tributary.Transform.Internal;

namespace Tributary.Transform;

/// <summary>
/// The transform stage: a Firehose transformation handler. Each record (a Tributary envelope or a bare JSON object)
/// is flattened with flatsplode semantics into rows, returned as one newline-delimited JSON blob per record with the
/// staging metadata columns. The same code runs in process and as a Lambda function (<see cref="HandleAsync"/>).
/// </summary>
public sealed class TransformHandler : ITransformFunction
{
    private const int ResultOverheadBytes = 64;

    /// <summary>The length of the record ids the local delivery stream gives (20 digits).</summary>
    internal const int LocalRecordIdLength = 20;

    // The row writer keeps its buffer and encoded column names from one invocation to the next.
    [ThreadStatic]
    private static NdjsonRowWriter? _threadWriter;

    private readonly TransformOptions _options;
    private readonly Flattener _flattener;
    private readonly ILogger _logger;

    /// <summary>
    /// Whether common records (nested objects without lists or repeated keys) take the one-pass reader instead of a
    /// parsed document; both give the same rows and errors (tests compare them), so this only exists to compare.
    /// </summary>
    internal bool OnePass { get; init; } = true;

    /// <summary>Creates a handler with the given settings (defaults: compat mode, 6 MB responses).</summary>
    public TransformHandler(TransformOptions? options = null, ILogger<TransformHandler>? logger = null)
    {
        _options = options ?? new TransformOptions();
        _flattener = new Flattener(_options.ToFlattenOptions());
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Transforms every record of the event; the response has one result per record, in order.</summary>
    public FirehoseTransformationResponse Handle(FirehoseTransformationEvent transformationEvent)
    {
        ArgumentNullException.ThrowIfNull(transformationEvent);
        var writer = _threadWriter ?? new NdjsonRowWriter();
        _threadWriter = null;
        try
        {
            return Handle(transformationEvent, writer);
        }
        finally
        {
            _threadWriter = writer;
        }
    }

    private FirehoseTransformationResponse Handle(FirehoseTransformationEvent transformationEvent, NdjsonRowWriter writer)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var results = new List<FirehoseTransformationResult>(transformationEvent.Records.Count);
        long responseBytes = 16;
        var overflowing = false;
        var onePass = OnePass ? OnePassReader.ForThread() : null;
        var declined = onePass?.Declined ?? 0;
        foreach (var record in transformationEvent.Records)
        {
            var result = overflowing ? Overflow(record) : Transform(record, writer, onePass);
            var size = ResultOverheadBytes + record.RecordId.Length + ((result.Data.Length + 2) / 3 * 4);
            if (!overflowing && result.Result == TransformResult.Ok && size + 16 > _options.MaxResponseBytes)
            {
                result = Failed(record, TransformErrorCodes.RecordTooLarge, TooLarge(result.RowCount, size));
                size = ResultOverheadBytes + record.RecordId.Length;
            }
            else if (!overflowing && responseBytes + size > _options.MaxResponseBytes)
            {
                overflowing = true;
                result = Overflow(record);
                size = ResultOverheadBytes + record.RecordId.Length;
            }

            responseBytes += size;
            results.Add(result);
        }

        TributaryMetrics.Transform.InvocationHandled(
            results.Count(r => r.Result == TransformResult.Ok),
            results.Count(r => r.Result == TransformResult.Dropped),
            results.Count(r => r.Result == TransformResult.ProcessingFailed),
            results.Sum(r => (long)r.RowCount),
            System.Diagnostics.Stopwatch.GetElapsedTime(started));
        TributaryMetrics.Transform.DocumentPathTaken((onePass?.Declined ?? 0) - declined);
        return new FirehoseTransformationResponse { Records = results };
    }

    /// <summary>
    /// Transforms records in process straight into staging columns: the rows, errors and response-limit rules of
    /// <see cref="Handle(FirehoseTransformationEvent)"/>, without a response to write and read back. The records whose rows would not have fitted
    /// one response with those before them go to another invocation in <see cref="Handle(FirehoseTransformationEvent)"/>'s caller; here they stay in
    /// the same columns, and the return value counts the invocations a response-bound caller would have made.
    /// </summary>
    internal int TransformInto(ReadOnlySpan<InProcessRecord> records, IStagingRecordSink sink, List<InProcessFailure> failures)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        long responseBytes = 16;
        long rows = 0;
        var onePass = OnePass ? OnePassReader.ForThread() : null;
        var declined = onePass?.Declined ?? 0;
        var invocations = 1;
        var failed = failures.Count;
        for (var i = 0; i < records.Length; i++)
        {
            var record = records[i];
            long size = ResultOverheadBytes + LocalRecordIdLength;
            if (TransformInto(record, sink, onePass, out var rowCount, out var code, out var reason))
            {
                var whole = size + ((sink.PendingJsonBytes + 2) / 3 * 4);
                if (whole + 16 > _options.MaxResponseBytes)
                {
                    sink.AbandonRecord();
                    failures.Add(new InProcessFailure(i, TransformErrorCodes.RecordTooLarge, FailureMessage(record.RecordId, TransformErrorCodes.RecordTooLarge, TooLarge(rowCount, whole))));
                    responseBytes += size;
                    continue;
                }

                sink.CommitRecord();
                rows += rowCount;
                size = whole;
            }
            else
            {
                failures.Add(new InProcessFailure(i, code, FailureMessage(record.RecordId, code, reason)));
            }

            if (responseBytes + size > _options.MaxResponseBytes)
            {
                invocations++;
                responseBytes = 16;
            }

            responseBytes += size;
        }

        failed = failures.Count - failed;
        TributaryMetrics.Transform.InvocationHandled(records.Length - failed, 0, failed, rows, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        TributaryMetrics.Transform.DocumentPathTaken((onePass?.Declined ?? 0) - declined);
        return invocations;
    }

    /// <inheritdoc />
    public Task<FirehoseTransformationResponse> InvokeAsync(FirehoseTransformationEvent transformationEvent, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Handle(transformationEvent));
    }

    /// <summary>
    /// The Lambda entry point: reads the event's JSON from <paramref name="input"/> and writes the response's JSON
    /// to <paramref name="output"/>.
    /// </summary>
    /// <exception cref="JsonException">The input is not a Firehose transformation event.</exception>
    public async Task HandleAsync(Stream input, Stream output, CancellationToken cancellationToken = default)
    {
        var transformationEvent = await JsonSerializer.DeserializeAsync(input, TransformJsonContext.Default.FirehoseTransformationEvent, cancellationToken)
            .ConfigureAwait(false) ?? throw new JsonException("The transformation event is null.");
        var response = Handle(transformationEvent);
        await JsonSerializer.SerializeAsync(output, response, TransformJsonContext.Default.FirehoseTransformationResponse, cancellationToken)
            .ConfigureAwait(false);
    }

    private FirehoseTransformationResult Transform(FirehoseTransformationRecord record, NdjsonRowWriter writer, OnePassReader? onePass)
    {
        if (onePass is not null)
        {
            if (TryOnePass(record, writer, onePass) is { } fast)
            {
                return fast;
            }

            onePass.Decline();
        }

        Lineage lineage = default;
        try
        {
            using var document = _flattener.Parse(record.Data);
            var content = EnvelopeReader.Unwrap(document.RootElement, out lineage);
            UnicodeEscapes.Check(record.Data);
            lineage = Completed(lineage, record);
            ArrivalRange.Check(lineage.ArrivalMilliseconds!.Value);
            writer.Begin(lineage);
            var rows = _flattener.Flatten(content, writer);
            return new FirehoseTransformationResult
            {
                RecordId = record.RecordId,
                Result = TransformResult.Ok,
                Data = writer.Written.ToArray(),
                RowCount = rows,
            };
        }
        catch (FlattenException e)
        {
            return Failed(record, CodeOf(e.Kind), Describe(e.Message, lineage));
        }
        catch (TransformFailure e)
        {
            return Failed(record, e.ErrorCode, Describe(e.Message, lineage));
        }
    }

    /// <summary>One record in process: its rows are pending in <paramref name="sink"/> when this returns true.</summary>
    private bool TransformInto(InProcessRecord record, IStagingRecordSink sink, OnePassReader? onePass, out int rows, out string code, out string reason)
    {
        var data = sink.Hold(record.Data, record.Pinned);
        if (onePass is not null && TryOnePass(data.Span, sink, onePass, record.ApproximateArrivalTimestamp))
        {
            rows = 1;
            code = reason = "";
            return true;
        }

        RawLineage lineage = default;
        JsonDocument? document = null;
        rows = 0;
        try
        {
            document = _flattener.Parse(data);
            var content = EnvelopeReader.Unwrap(document.RootElement, out lineage);
            UnicodeEscapes.Check(record.Data.Span);
            sink.BeginRecord(lineage, lineage.Arrival ?? record.ApproximateArrivalTimestamp);
            rows = _flattener.Flatten(content, sink);
            code = reason = "";
            return true;
        }
        catch (FlattenException e)
        {
            code = CodeOf(e.Kind);
            reason = Describe(e.Message, lineage.Decode());
        }
        catch (TransformFailure e)
        {
            code = e.ErrorCode;
            reason = Describe(e.Message, lineage.Decode());
        }
        finally
        {
            document?.Dispose();
        }

        sink.AbandonRecord();
        return false;
    }

    /// <summary>
    /// The envelope's lineage, completed where it is silent from the Firehose record: its Kinesis metadata (a Firehose
    /// reading from Kinesis adds it), then its arrival time; the arrival is always set.
    /// </summary>
    private static Lineage Completed(Lineage lineage, FirehoseTransformationRecord record)
    {
        var metadata = record.KinesisRecordMetadata;
        return lineage with
        {
            Shard = lineage.Shard ?? metadata?.ShardId,
            SequenceNumber = lineage.SequenceNumber ?? metadata?.SequenceNumber,
            ArrivalMilliseconds = lineage.ArrivalMilliseconds ?? metadata?.ApproximateArrivalTimestamp ?? record.ApproximateArrivalTimestamp,
        };
    }

    /// <summary>The one-pass reader on a record for the JSON response: its result, or null when the document path must decide.</summary>
    private FirehoseTransformationResult? TryOnePass(FirehoseTransformationRecord record, NdjsonRowWriter writer, OnePassReader onePass)
    {
        if (!onePass.TryRead(record.Data, _flattener.Options, writer, out var raw))
        {
            return null;
        }

        Lineage lineage;
        try
        {
            lineage = raw.Decode(record.Data);
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        lineage = Completed(lineage, record);
        if (!ArrivalRange.Holds(lineage.ArrivalMilliseconds!.Value))
        {
            // No staging row can hold it: whether that fails the record is the document path's to say.
            return null;
        }

        writer.EndOnePass(lineage);
        return new FirehoseTransformationResult
        {
            RecordId = record.RecordId,
            Result = TransformResult.Ok,
            Data = writer.Written.ToArray(),
            RowCount = 1,
        };
    }

    /// <summary>The one-pass reader on a record: true when its row is pending in <paramref name="sink"/>, else nothing is.</summary>
    private bool TryOnePass(ReadOnlySpan<byte> data, IStagingRecordSink sink, OnePassReader onePass, long approximateArrival)
    {
        if (onePass.TryRead(data, _flattener.Options, sink, out var lineage)
            && sink.TryEndOnePass(data, lineage, lineage.Arrival ?? approximateArrival))
        {
            return true;
        }

        sink.AbandonRecord();
        onePass.Decline();
        return false;
    }

    private FirehoseTransformationResult Failed(FirehoseTransformationRecord record, string code, string reason) => new()
    {
        RecordId = record.RecordId,
        Result = TransformResult.ProcessingFailed,
        ErrorCode = code,
        ErrorMessage = FailureMessage(record.RecordId, code, reason),
    };

    private string FailureMessage(long recordId, string code, string reason) =>
        FailureMessage(recordId.ToString("D20", System.Globalization.CultureInfo.InvariantCulture), code, reason);

    private string FailureMessage(string recordId, string code, string reason)
    {
        var message = $"Record {recordId}: {reason}";
        _logger.LogDebug("Transform failed: {ErrorCode} {ErrorMessage}", code, message);
        return message;
    }

    private string TooLarge(int rows, long size) =>
        $"its {rows} rows make a {size}-byte result, more than the {_options.MaxResponseBytes}-byte response limit " +
        "even alone; raise Transform:MaxRowsPerRecord only with care, or split the record at its source";

    private FirehoseTransformationResult Overflow(FirehoseTransformationRecord record) => Failed(
        record,
        TransformErrorCodes.ResponseTooLarge,
        $"the flattened rows of this invocation exceed the {_options.MaxResponseBytes}-byte response limit before this record; " +
        "invoke it again in a smaller batch");

    private static string Describe(string reason, Lineage lineage) =>
        lineage.SourceFile is null
            ? reason
            : $"{reason} (source {lineage.SourceFile}, record #{lineage.SourceRecord?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"})";

    private static string CodeOf(FlattenErrorKind kind) => kind switch
    {
        FlattenErrorKind.InvalidJson => TransformErrorCodes.InvalidJson,
        FlattenErrorKind.NotAnObject => TransformErrorCodes.NotAnObject,
        FlattenErrorKind.DepthExceeded => TransformErrorCodes.DepthExceeded,
        FlattenErrorKind.TooManyRows => TransformErrorCodes.TooManyRows,
        FlattenErrorKind.KeyCollision => TransformErrorCodes.KeyCollision,
        FlattenErrorKind.ListProduct => TransformErrorCodes.ListProduct,
        _ => TransformErrorCodes.InvalidJson,
    };
}
