using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Tributary.Extract;

namespace Tributary.Aws.Lambda.Internal;

/// <summary>
/// The extract Lambda function's ledger in DynamoDB: one item per source object version (hash key <c>id</c> made of
/// bucket, key, ETag and size). An invocation claims an item with a conditional write, so a duplicate event or a
/// concurrent invocation never extracts the same version twice; the claim is a lease the owner renews, so a retry
/// can take over from an invocation that died. Every write after the claim is conditional on still owning it.
/// </summary>
internal sealed class ExtractLedgerTable(IAmazonDynamoDB dynamoDb, string tableName, TimeProvider? time = null)
{
    private const string InProgress = "inProgress";
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public string TableName { get; } = tableName;

    public static string IdOf(string bucket, string key, string etag, long size) =>
        string.Create(CultureInfo.InvariantCulture, $"s3://{bucket}/{key}#{etag}#{size}");

    /// <summary>Creates the table (on-demand billing) if it does not exist; for tests and first-time setup.</summary>
    public async Task EnsureTableAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await dynamoDb.CreateTableAsync(new CreateTableRequest
            {
                TableName = TableName,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions = [new("id", ScalarAttributeType.S)],
                KeySchema = [new("id", KeyType.HASH)],
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceInUseException)
        {
            // Already there.
        }
    }

    /// <summary>
    /// Claims the object version for <paramref name="owner"/>: it is new, or in progress with an expired lease (or
    /// already this owner's). Returns the item as it is after the attempt.
    /// </summary>
    public async Task<(ClaimResult Result, LedgerItem Item)> TryClaimAsync(string id, string key, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        try
        {
            var response = await dynamoDb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = TableName,
                Key = Key(id),
                UpdateExpression = "SET #owner = :owner, #lease = :lease, #state = if_not_exists(#state, :inProgress), #next = if_not_exists(#next, :zero), #key = :key, #updated = :updated ADD #attempts :one",
                ConditionExpression = "attribute_not_exists(#id) OR (#state = :inProgress AND (#lease < :now OR #owner = :owner))",
                ExpressionAttributeNames = Names("#id", "#owner", "#lease", "#state", "#next", "#key", "#updated", "#attempts"),
                ExpressionAttributeValues = new()
                {
                    [":owner"] = S(owner),
                    [":lease"] = N((now + lease).ToUnixTimeMilliseconds()),
                    [":now"] = N(now.ToUnixTimeMilliseconds()),
                    [":inProgress"] = S(InProgress),
                    [":zero"] = N(0),
                    [":one"] = N(1),
                    [":key"] = S(key),
                    [":updated"] = S(now.ToString("O", CultureInfo.InvariantCulture)),
                },
                ReturnValues = ReturnValue.ALL_NEW,
            }, cancellationToken).ConfigureAwait(false);
            return (ClaimResult.Claimed, Read(response.Attributes));
        }
        catch (ConditionalCheckFailedException)
        {
            var item = await GetAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The ledger item '{id}' refused a claim and then could not be read.");
            return (item.State == LedgerState.InProgress ? ClaimResult.Busy : ClaimResult.Finished, item);
        }
    }

    public async Task<LedgerItem?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(new GetItemRequest { TableName = TableName, Key = Key(id), ConsistentRead = true }, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? Read(item) : null;
    }

    /// <summary>Records progress (the next record index and this object's shard tails) and renews the lease.</summary>
    /// <exception cref="LeaseLostException">Another invocation owns the item now.</exception>
    public Task RecordProgressAsync(string id, string owner, TimeSpan lease, long next, IReadOnlyDictionary<string, string> tails, CancellationToken cancellationToken)
    {
        var values = OwnerValues(owner);
        values[":lease"] = N((_time.GetUtcNow() + lease).ToUnixTimeMilliseconds());
        values[":next"] = N(next);
        var update = "SET #lease = :lease, #next = :next, #updated = :updated";
        if (tails.Count > 0)
        {
            values[":tails"] = new AttributeValue { M = tails.ToDictionary(t => t.Key, t => S(t.Value)) };
            update += ", #tails = :tails";
        }

        return UpdateOwnedAsync(id, owner, update, values, ["#lease", "#next", "#updated", "#tails"], cancellationToken);
    }

    /// <summary>Renews the lease without other changes.</summary>
    /// <exception cref="LeaseLostException">Another invocation owns the item now.</exception>
    public Task RenewAsync(string id, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        var values = OwnerValues(owner);
        values[":lease"] = N((_time.GetUtcNow() + lease).ToUnixTimeMilliseconds());
        return UpdateOwnedAsync(id, owner, "SET #lease = :lease, #updated = :updated", values, ["#lease", "#updated"], cancellationToken);
    }

    /// <summary>Marks the object version done (every record put or reported) or quarantined.</summary>
    /// <exception cref="LeaseLostException">Another invocation owns the item now.</exception>
    public Task FinishAsync(string id, string owner, LedgerState state, long next, string? reason, CancellationToken cancellationToken)
    {
        var values = OwnerValues(owner);
        values[":state"] = S(state == LedgerState.Quarantined ? "quarantined" : "done");
        values[":next"] = N(next);
        var update = "SET #state = :state, #next = :next, #updated = :updated REMOVE #lease";
        if (reason is not null)
        {
            values[":reason"] = S(reason);
            update = "SET #state = :state, #next = :next, #updated = :updated, #reason = :reason REMOVE #lease";
        }

        return UpdateOwnedAsync(id, owner, update, values, ["#state", "#next", "#updated", "#reason", "#lease"], cancellationToken);
    }

    /// <summary>Gives the claim up at once (after a failure), so that a retry need not wait for the lease to run out.</summary>
    public async Task ReleaseAsync(string id, string owner, CancellationToken cancellationToken)
    {
        var values = OwnerValues(owner);
        values[":lease"] = N(0);
        try
        {
            await UpdateOwnedAsync(id, owner, "SET #lease = :lease, #updated = :updated", values, ["#lease", "#updated"], cancellationToken).ConfigureAwait(false);
        }
        catch (LeaseLostException)
        {
            // Someone else has it already; nothing to give up.
        }
    }

    private async Task UpdateOwnedAsync(string id, string owner, string update, Dictionary<string, AttributeValue> values, string[] names, CancellationToken cancellationToken)
    {
        var used = names.Where(n => update.Contains(n, StringComparison.Ordinal)).Append("#owner").Append("#state").Distinct().ToArray();
        try
        {
            await dynamoDb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = TableName,
                Key = Key(id),
                UpdateExpression = update,
                ConditionExpression = "#owner = :owner AND #state = :inProgress",
                ExpressionAttributeNames = Names(used),
                ExpressionAttributeValues = values,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            throw new LeaseLostException($"The extract claim on '{id}' held by invocation {owner} was taken over or finished by another invocation.");
        }
    }

    private Dictionary<string, AttributeValue> OwnerValues(string owner) => new()
    {
        [":owner"] = S(owner),
        [":inProgress"] = S(InProgress),
        [":updated"] = S(_time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)),
    };

    private static LedgerItem Read(Dictionary<string, AttributeValue> item)
    {
        var state = item.TryGetValue("state", out var s) ? s.S : InProgress;
        var tails = item.TryGetValue("tails", out var t) && t.M is { } map
            ? map.ToDictionary(e => e.Key, e => e.Value.S, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        return new LedgerItem(
            item["id"].S,
            state switch
            {
                "done" => LedgerState.Done,
                "quarantined" => LedgerState.Quarantined,
                _ => LedgerState.InProgress,
            },
            item.TryGetValue("owner", out var o) ? o.S : "",
            DateTimeOffset.FromUnixTimeMilliseconds(item.TryGetValue("leaseUntil", out var l) ? long.Parse(l.N, CultureInfo.InvariantCulture) : 0),
            item.TryGetValue("next", out var n) ? long.Parse(n.N, CultureInfo.InvariantCulture) : 0,
            tails,
            item.TryGetValue("reason", out var r) ? r.S : null,
            item.TryGetValue("attempts", out var a) ? long.Parse(a.N, CultureInfo.InvariantCulture) : 0);
    }

    private static Dictionary<string, AttributeValue> Key(string id) => new() { ["id"] = S(id) };

    private static Dictionary<string, string> Names(params string[] names) => names.ToDictionary(n => n, n => n switch
    {
        "#lease" => "leaseUntil",
        "#updated" => "updatedAt",
        _ => n[1..],
    });

    private static AttributeValue S(string value) => new() { S = value };

    private static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
