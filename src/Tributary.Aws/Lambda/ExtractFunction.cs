using System.Text.Json;
using Tributary.Aws.Lambda.Internal;
using Tributary.Aws.Metrics;
using Tributary.Extract;
using Tributary.Ports;

namespace Tributary.Aws.Lambda;

/// <summary>
/// The extract stage as a Lambda function for S3 object-created events (an S3 event notification or an EventBridge
/// "Object Created" rule): handler <c>Tributary.Aws::Tributary.Aws.Lambda.ExtractFunction::HandleAsync</c>. Streams
/// each object from S3 through the embedded extract stage (same parsing, envelopes, partition keys and quarantine)
/// onto Kinesis. Each object version (key, ETag, size) is extracted once: a DynamoDB ledger item claimed with a
/// conditional write turns duplicate events into no-ops, and the progress it records lets a retry after a crash
/// resume without putting again what already reached the stream.
/// </summary>
public sealed class ExtractFunction
{
    private const string Stage = "extract";
    private readonly LambdaContext _context;
    private readonly IObjectStore _store;
    private readonly IRecordStream _stream;
    private readonly ExtractLedgerTable _ledger;
    private readonly string _bucket;
    private readonly string _root;
    private readonly TimeSpan _lease;

    /// <summary>Builds the function from the environment (called by the Lambda runtime once per execution environment).</summary>
    public ExtractFunction()
        : this(LambdaContext.FromEnvironment())
    {
    }

    internal ExtractFunction(LambdaContext context, IRecordStream? stream = null)
    {
        _context = context;
        var storage = context.Options.Storage.ObjectStore;
        _bucket = storage.Bucket ?? throw new AwsConfigurationException("Storage:ObjectStore:Bucket is not set; the extract function reads source objects from that bucket.");
        _root = storage.Prefix?.Trim('/') is { Length: > 0 } p ? p + "/" : "";
        _store = context.Clients.CreateObjectStore(storage.Bucket, storage.Prefix ?? "");
        _stream = stream ?? context.Clients.CreateRecordStream(context.Options.Stream.Name);
        _ledger = new ExtractLedgerTable(context.Clients.CreateDynamoDbClient(), context.Options.Aws.LedgerTableName);
        _lease = TimeSpan.FromSeconds(context.Options.Aws.ExtractLeaseSeconds);
    }

    /// <summary>The Lambda entry point: an S3 object-created event in, a summary of what happened to each object out.</summary>
    public Task<Stream> HandleAsync(Stream input) => HandleAsync(input, CancellationToken.None);

    /// <summary>The entry point with cancellation (tests, local hosts).</summary>
    /// <exception cref="FormatException">The event is not an S3 object-created event in either shape.</exception>
    public async Task<Stream> HandleAsync(Stream input, CancellationToken cancellationToken)
    {
        using var payload = await PayloadBuffer.ReadAsync(input, cancellationToken).ConfigureAwait(false);
        var objects = ObjectCreatedEvent.Parse(payload.GetBuffer().AsSpan(0, (int)payload.Length));
        var totals = new ExtractSummary();
        var outcomes = new List<ObjectOutcome>();
        foreach (var created in objects)
        {
            var outcome = await ExtractObjectAsync(created, totals, cancellationToken).ConfigureAwait(false);
            _context.Write(Stage, $"s3://{outcome.Bucket}/{outcome.Key}: {outcome.Outcome}, {outcome.Records} records put{(outcome.Detail is null ? "" : "; " + outcome.Detail)}");
            outcomes.Add(outcome);
        }

        Emit(outcomes, totals);
        var output = new MemoryStream();
        await JsonSerializer.SerializeAsync(output, new { objects = outcomes.Select(o => new { bucket = o.Bucket, key = o.Key, outcome = o.Outcome, records = o.Records, detail = o.Detail }) }, cancellationToken: cancellationToken).ConfigureAwait(false);
        output.Position = 0;
        return output;
    }

    private async Task<ObjectOutcome> ExtractObjectAsync(CreatedObject created, ExtractSummary totals, CancellationToken cancellationToken)
    {
        if (!string.Equals(created.Bucket, _bucket, StringComparison.Ordinal))
        {
            return new ObjectOutcome(created.Bucket, created.Key, "ignored", Detail: $"the function reads bucket '{_bucket}' (Storage:ObjectStore:Bucket)");
        }

        var sourcePrefix = _context.Options.Extract.SourcePrefix;
        if (!created.Key.StartsWith(_root, StringComparison.Ordinal) || !created.Key.AsSpan(_root.Length).StartsWith(sourcePrefix, StringComparison.Ordinal))
        {
            // Also what keeps a notification configured on the whole bucket from looping on the quarantine copies.
            return new ObjectOutcome(created.Bucket, created.Key, "ignored", Detail: $"not under the source prefix '{_root}{sourcePrefix}' (Extract:SourcePrefix)");
        }

        var key = created.Key[_root.Length..];
        var info = await _store.GetInfoAsync(key, cancellationToken).ConfigureAwait(false);
        if (info is null)
        {
            return new ObjectOutcome(created.Bucket, created.Key, "missing", Detail: "the object was deleted before it could be read");
        }

        var etag = info.ETag.Trim('"');
        if (created.ETag is { } eventTag && !string.Equals(eventTag, etag, StringComparison.Ordinal))
        {
            return new ObjectOutcome(created.Bucket, created.Key, "superseded", Detail: $"the event names ETag {eventTag}; the object now has ETag {etag}, whose own event extracts it");
        }

        var id = ExtractLedgerTable.IdOf(created.Bucket, created.Key, etag, info.Size);
        var owner = Guid.NewGuid().ToString("N");
        var item = await ClaimAsync(id, created.Key, owner, cancellationToken).ConfigureAwait(false);
        if (item is null)
        {
            return new ObjectOutcome(created.Bucket, created.Key, "duplicate", Detail: $"this version ({etag}, {info.Size} bytes) was already extracted");
        }

        try
        {
            return await RunStageAsync(created, info, id, owner, item, totals, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await _ledger.ReleaseAsync(id, owner, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Claims the object version; null when it is already finished. Waits out another invocation's live claim.</summary>
    private async Task<LedgerItem?> ClaimAsync(string id, string key, string owner, CancellationToken cancellationToken)
    {
        var giveUpAt = DateTimeOffset.UtcNow + (2 * _lease);
        while (true)
        {
            var (result, item) = await _ledger.TryClaimAsync(id, key, owner, _lease, cancellationToken).ConfigureAwait(false);
            switch (result)
            {
                case ClaimResult.Claimed:
                    return item;
                case ClaimResult.Finished:
                    return null;
            }

            if (DateTimeOffset.UtcNow > giveUpAt)
            {
                // Failing makes Lambda retry the event later, when the other invocation has finished or died.
                throw new TimeoutException($"s3://{_bucket}/{key} is being extracted by another invocation ({item.Owner}) whose claim is still live; the event is retried later.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(_lease.TotalMilliseconds / 10, 100, 1000)), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ObjectOutcome> RunStageAsync(CreatedObject created, StoredObject info, string id, string owner, LedgerItem item, ExtractSummary totals, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "tributary-extract-" + owner);
        try
        {
            ExtractSummary summary;
            LedgerEntry entry;
            using (var ledger = ExtractLedger.Open(folder, flushToDisk: false))
            {
                if (item.Attempts > 1 || item.Next > 0 || item.Tails.Count > 0)
                {
                    // An earlier attempt may have put records: let the stage's recovery find those after its last
                    // recorded position on each shard (all of a shard it never recorded), and resume from there.
                    ledger.Start(info);
                    ledger.Progress(info, item.Next, [.. item.Tails.Select(t => new PutRecordResultEntry(t.Key, t.Value))]);
                }

                await using (var keeper = new LeaseKeeper(_ledger, id, owner, _lease))
                {
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, keeper.Lost);
                    var stage = new ExtractStage(new SingleObjectStore(_store, info), _stream, ledger, _context.Options.Extract, _context.Options.Stream.MaxRecordBytes)
                    {
                        Progress = _ => keeper.Report(ledger.Entries[info.Key].Next, ledger.Tails),
                    };
                    try
                    {
                        summary = await stage.RunAsync(linked.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (keeper.Lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                    {
                        throw keeper.LostBecause ?? new LeaseLostException($"The extract claim on '{id}' was lost.");
                    }
                }

                entry = ledger.Entries[info.Key];
            }

            await _ledger.FinishAsync(id, owner, entry.State, entry.Next, entry.Reason, cancellationToken).ConfigureAwait(false);
            Accumulate(totals, summary);
            return summary.QuarantinedFiles is [var quarantined, ..]
                ? new ObjectOutcome(created.Bucket, created.Key, "quarantined", summary.Records, $"{quarantined.Reason}; copy at {quarantined.QuarantineKey}, reason at {quarantined.ReasonKey}")
                : new ObjectOutcome(created.Bucket, created.Key, "extracted", summary.Records, summary.RecoveredRecords > 0 ? $"{summary.RecoveredRecords} records of an earlier attempt were found on the stream and not put again" : null);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }

    private static void Accumulate(ExtractSummary totals, ExtractSummary summary)
    {
        totals.Files += summary.Files;
        totals.Records += summary.Records;
        totals.Bytes += summary.Bytes;
        totals.RecoveredRecords += summary.RecoveredRecords;
        totals.QuarantinedFiles.AddRange(summary.QuarantinedFiles);
        totals.QuarantinedRecords.AddRange(summary.QuarantinedRecords);
    }

    private void Emit(List<ObjectOutcome> outcomes, ExtractSummary totals) =>
        _context.Emit(Stage,
        [
            new("FilesIn", totals.Files),
            new("FilesSkipped", outcomes.Count - totals.Files),
            new("FilesQuarantined", totals.QuarantinedFiles.Count),
            new("RecordsIn", totals.Records + totals.QuarantinedRecords.Count),
            new("RecordsOut", totals.Records),
            new("RecordsFailed", totals.QuarantinedRecords.Count),
            new("RecordsRecovered", totals.RecoveredRecords),
            new("BytesIn", totals.Bytes, "Bytes"),
        ]);
}
