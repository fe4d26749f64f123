using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Tributary.Delta;
using Tributary.Ports;

namespace Tributary.Aws.Delta;

/// <summary>
/// Delta commits arbitrated by the DynamoDB table of Delta's multi-cluster S3 writers (Spark's
/// S3DynamoDBLogStore, default table <c>delta_log</c>), so Spark and Tributary can write one table. Items:
/// <c>tablePath</c> (hash), <c>fileName</c> (range), <c>tempPath</c>, <c>complete</c> (<c>"true"</c>/<c>"false"</c>),
/// <c>expireTime</c> (epoch seconds, set once complete). A version belongs to whoever first puts its item; the
/// commit file is then copied from a temp file, and any reader or writer finishes a copy a crashed writer left.
/// </summary>
public sealed class DynamoDbCommitStore : ICommitStore
{
    private const int RecoveryAttempts = 3;

    private readonly IAmazonDynamoDB _dynamoDb;
    private readonly IObjectStore _store;
    private readonly string _logPrefix;
    private readonly TimeProvider _time;

    /// <summary>Creates the store.</summary>
    /// <param name="dynamoDb">The DynamoDB client.</param>
    /// <param name="tableName">The commit table (Spark's default is <c>delta_log</c>).</param>
    /// <param name="tablePath">
    /// The Delta table's root URI exactly as every other writer spells it (for Spark usually <c>s3a://bucket/path</c>,
    /// no trailing slash): it is the hash key, so a different scheme or slash means a different table.
    /// </param>
    /// <param name="store">The object store that holds the table.</param>
    /// <param name="tableKey">The table root's key in <paramref name="store"/>.</param>
    /// <param name="entryTtl">How long a completed entry is kept before DynamoDB TTL removes it (Spark's default: one day).</param>
    /// <param name="time">The clock (tests).</param>
    public DynamoDbCommitStore(IAmazonDynamoDB dynamoDb, string tableName, string tablePath, IObjectStore store, string tableKey, TimeSpan? entryTtl = null, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        ArgumentException.ThrowIfNullOrWhiteSpace(tablePath);
        _dynamoDb = dynamoDb;
        TableName = tableName;
        TablePath = tablePath;
        _store = store;
        var root = tableKey.Trim('/');
        _logPrefix = (root.Length == 0 ? "" : root + "/") + "_delta_log/";
        EntryTtl = entryTtl ?? TimeSpan.FromDays(1);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The DynamoDB commit table.</summary>
    public string TableName { get; }

    /// <summary>The table root URI used as the hash key.</summary>
    public string TablePath { get; }

    /// <summary>How long completed entries live.</summary>
    public TimeSpan EntryTtl { get; }

    /// <summary>Creates the commit table with Spark's key schema and TTL on <c>expireTime</c>, if it does not exist.</summary>
    public static async Task EnsureTableAsync(IAmazonDynamoDB dynamoDb, string tableName, CancellationToken cancellationToken = default)
    {
        try
        {
            await dynamoDb.CreateTableAsync(new CreateTableRequest
            {
                TableName = tableName,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions = [new("tablePath", ScalarAttributeType.S), new("fileName", ScalarAttributeType.S)],
                KeySchema = [new("tablePath", KeyType.HASH), new("fileName", KeyType.RANGE)],
            }, cancellationToken).ConfigureAwait(false);
            await dynamoDb.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
            {
                TableName = tableName,
                TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = "expireTime", Enabled = true },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceInUseException)
        {
            // Already there.
        }
    }

    /// <inheritdoc />
    public async Task<bool> TryCommitAsync(long version, ReadOnlyMemory<byte> actions, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        var fileName = FileName(version);

        // 0. The commit file exists: someone else owns this version.
        if (await _store.GetInfoAsync(_logPrefix + fileName, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        // 1. The previous version must be in place (finishing it when a writer crashed mid-commit).
        await EnsurePreviousAsync(version, cancellationToken).ConfigureAwait(false);

        // 2. Prepare: the temp file, then claim the version in DynamoDB.
        var tempPath = $".tmp/{fileName}.{Guid.NewGuid()}";
        await _store.PutAsync(_logPrefix + tempPath, actions, cancellationToken).ConfigureAwait(false);
        try
        {
            await _dynamoDb.PutItemAsync(new PutItemRequest
            {
                TableName = TableName,
                Item = Entry(fileName, tempPath, complete: false),
                ConditionExpression = "attribute_not_exists(fileName)",
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            await DeleteQuietlyAsync(_logPrefix + tempPath).ConfigureAwait(false);
            return false;
        }

        // 3–4. Copy and acknowledge. The commit is already decided; a failure here is repaired by the next reader or writer.
        try
        {
            await _store.TryPutNewAsync(_logPrefix + fileName, actions, cancellationToken).ConfigureAwait(false);
            await PutCompleteAsync(fileName, tempPath, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AmazonDynamoDBException or AwsServiceException or IOException or HttpRequestException)
        {
            // Swallowed on purpose, as Spark does: RecoverAsync finishes it.
        }

        return true;
    }

    /// <inheritdoc />
    public async Task RecoverAsync(CancellationToken cancellationToken = default)
    {
        var response = await _dynamoDb.QueryAsync(new QueryRequest
        {
            TableName = TableName,
            KeyConditionExpression = "tablePath = :tablePath",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":tablePath"] = new() { S = TablePath } },
            ScanIndexForward = false,
            Limit = 1,
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);
        if (response.Items is [var latest, ..] && IsIncomplete(latest))
        {
            await FixLogAsync(latest, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task EnsurePreviousAsync(long version, CancellationToken cancellationToken)
    {
        if (version == 0)
        {
            var first = await GetEntryAsync(FileName(0), cancellationToken).ConfigureAwait(false);
            if (first is not null && !IsIncomplete(first) && await _store.GetInfoAsync(_logPrefix + FileName(0), cancellationToken).ConfigureAwait(false) is null)
            {
                throw new IOException(
                    $"The commit table {TableName} has a completed entry for {TablePath}/_delta_log/{FileName(0)} but the file is missing: " +
                    "stale entries of a deleted table. Remove the table's entries (tablePath = " + TablePath + ") before re-creating it.");
            }

            return;
        }

        var previousName = FileName(version - 1);
        var previous = await GetEntryAsync(previousName, cancellationToken).ConfigureAwait(false);
        if (previous is not null && IsIncomplete(previous))
        {
            await FixLogAsync(previous, cancellationToken).ConfigureAwait(false);
        }
        else if (await _store.GetInfoAsync(_logPrefix + previousName, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new IOException($"Cannot commit version {version} of {TablePath}: the previous commit {_logPrefix}{previousName} does not exist.");
        }
    }

    /// <summary>Copies the temp file of a decided-but-unfinished commit to its commit file and marks it complete.</summary>
    private async Task FixLogAsync(Dictionary<string, AttributeValue> entry, CancellationToken cancellationToken)
    {
        var fileName = entry["fileName"].S;
        var tempPath = entry["tempPath"].S;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (await _store.GetInfoAsync(_logPrefix + fileName, cancellationToken).ConfigureAwait(false) is null)
                {
                    byte[] content;
                    await using (var stream = await _store.OpenReadAsync(_logPrefix + tempPath, cancellationToken).ConfigureAwait(false))
                    using (var copy = new MemoryStream())
                    {
                        await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
                        content = copy.ToArray();
                    }

                    // false = another process finished the copy first, which is just as good.
                    await _store.TryPutNewAsync(_logPrefix + fileName, content, cancellationToken).ConfigureAwait(false);
                }

                await PutCompleteAsync(fileName, tempPath, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (attempt < RecoveryAttempts && ex is AmazonDynamoDBException or AwsServiceException or IOException or HttpRequestException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<Dictionary<string, AttributeValue>?> GetEntryAsync(string fileName, CancellationToken cancellationToken)
    {
        var response = await _dynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = TableName,
            Key = new Dictionary<string, AttributeValue> { ["tablePath"] = new() { S = TablePath }, ["fileName"] = new() { S = fileName } },
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private Task PutCompleteAsync(string fileName, string tempPath, CancellationToken cancellationToken)
    {
        var item = Entry(fileName, tempPath, complete: true);
        item["expireTime"] = new AttributeValue
        {
            N = (_time.GetUtcNow() + EntryTtl).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        };
        return _dynamoDb.PutItemAsync(new PutItemRequest { TableName = TableName, Item = item }, cancellationToken);
    }

    private Dictionary<string, AttributeValue> Entry(string fileName, string tempPath, bool complete) => new()
    {
        ["tablePath"] = new() { S = TablePath },
        ["fileName"] = new() { S = fileName },
        ["tempPath"] = new() { S = tempPath },
        ["complete"] = new() { S = complete ? "true" : "false" },
    };

    private static bool IsIncomplete(Dictionary<string, AttributeValue> entry) =>
        entry.TryGetValue("complete", out var complete) && complete.S == "false";

    private async Task DeleteQuietlyAsync(string key)
    {
        try
        {
            await _store.DeleteAsync(key).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AwsServiceException or IOException or HttpRequestException)
        {
            // An orphan temp file is harmless; the bucket's lifecycle rule for _delta_log/.tmp/ removes it.
        }
    }

    private static string FileName(long version) => version.ToString("D20", CultureInfo.InvariantCulture) + ".json";
}
