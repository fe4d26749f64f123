using System.Diagnostics;
using System.Text.Json;
using Tributary.Aws.Composition;
using Tributary.Aws.Lambda.Internal;
using Tributary.Aws.Metrics;
using Tributary.Load;

namespace Tributary.Aws.Lambda;

/// <summary>
/// The load stage as a scheduled Lambda function: handler <c>Tributary.Aws::Tributary.Aws.Lambda.LoadFunction::HandleAsync</c>,
/// invoked by an EventBridge schedule. Curates the staging batches in S3 not loaded yet and MERGEs them into the
/// Delta tables under <c>final/</c> in the same bucket, committing through the configured commit store
/// (<c>Aws:CommitStore</c>: S3 conditional writes or the DynamoDB <c>delta_log</c> table). Exactly once as the local
/// load is: every commit carries the load's <c>txn</c>, so a retried or overlapping invocation loads nothing twice.
/// </summary>
public sealed class LoadFunction : IAsyncDisposable
{
    private const string Stage = "load";
    private readonly LambdaContext _context;
    private readonly PipelineTransports _transports;
    private readonly LoadStage _stage;

    /// <summary>Builds the function from the environment (called by the Lambda runtime once per execution environment).</summary>
    public LoadFunction()
        : this(LambdaContext.FromEnvironment())
    {
    }

    internal LoadFunction(LambdaContext context, TimeProvider? time = null)
    {
        _context = context;
        _transports = PipelineTransports.Create(context.Options);
        if (!_transports.IsS3)
        {
            throw new AwsConfigurationException("The load function needs Storage:ObjectStore:Transport = S3 (staging and the final tables are in the bucket).");
        }

        _stage = new LoadStage(context.Options.Load, context.Options.Pipeline, _transports.ObjectStore, _transports.CreateCommitStore, time);
    }

    /// <summary>The Lambda entry point: a scheduled event in, what the load did out.</summary>
    public Task<Stream> HandleAsync(Stream input) => HandleAsync(input, CancellationToken.None);

    /// <summary>The entry point with cancellation (tests, local hosts).</summary>
    /// <exception cref="FormatException">The event is neither a scheduled event nor an empty object.</exception>
    public async Task<Stream> HandleAsync(Stream input, CancellationToken cancellationToken)
    {
        using var payload = await PayloadBuffer.ReadAsync(input, cancellationToken).ConfigureAwait(false);
        var fired = ScheduledEvent.Parse(payload.GetBuffer().AsSpan(0, (int)payload.Length));
        var clock = Stopwatch.StartNew();
        LoadResult result;
        try
        {
            result = await _stage.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _context.Write(Stage, $"load failed after {clock.Elapsed.TotalSeconds:F1} s: {ex.Message}");
            _context.Emit(Stage, [new("LoadsFailed", 1), new("Duration", clock.Elapsed.TotalSeconds, "Seconds")]);
            throw;
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var curation = result.Curation;
        var metrics = new List<EmfMetric>
        {
            new("Batches", result.Batches.Count),
            new("BatchesWaiting", result.BatchesWaiting),
            new("RecordsIn", curation?.StagedRows ?? 0),
            new("RowsMerged", result.RowsInserted + result.RowsUpdated),
            new("RowsInserted", result.RowsInserted),
            new("RowsUpdated", result.RowsUpdated),
            new("RowsRejected", result.RejectionsWritten),
            new("DuplicatesRemoved", (curation?.WindowDuplicates ?? 0) + (curation?.KeyDuplicates ?? 0)),
            new("Duration", seconds, "Seconds"),
        };
        if (fired is { } at)
        {
            metrics.Add(new("ScheduleDelay", Math.Max(0, (DateTimeOffset.UtcNow - at).TotalSeconds - seconds), "Seconds"));
        }

        _context.Emit(Stage, metrics);
        _context.Write(Stage, result.Status == LoadStatus.Loaded
            ? $"load {result.LoadId}: {result.Batches.Count} batches, {curation?.StagedRows ?? 0} staged rows, {result.RowsInserted} inserted, {result.RowsUpdated} updated, {result.RejectionsWritten} rejected, curated version {result.CuratedVersion}, {seconds:F1} s; {result.BatchesWaiting} batches wait"
            : $"nothing new to load ({result.BatchesWaiting} batches wait), {seconds:F1} s");

        var output = new MemoryStream();
        await JsonSerializer.SerializeAsync(output, new
        {
            status = result.Status == LoadStatus.Loaded ? "loaded" : "nothingNew",
            loadId = result.LoadId,
            batches = result.Batches,
            batchesWaiting = result.BatchesWaiting,
            stagedRows = curation?.StagedRows ?? 0,
            rowsInserted = result.RowsInserted,
            rowsUpdated = result.RowsUpdated,
            rowsRejected = result.RejectionsWritten,
            summaryRows = result.SummaryRows,
            curatedVersion = result.CuratedVersion,
            seconds,
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        output.Position = 0;
        return output;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _transports.DisposeAsync();
}
