using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Tributary.Ports;

namespace Tributary.Aws.Kinesis;

/// <summary>
/// Shard checkpoints in a DynamoDB table, one item per consumer and shard (hash key <c>consumer</c>, range key
/// <c>shardId</c>, attribute <c>checkpoint</c>), as the Kinesis Client Library keeps its leases in DynamoDB.
/// Reads are strongly consistent so a restarted consumer never re-reads from an older checkpoint than it wrote.
/// </summary>
public sealed class DynamoDbShardCheckpointStore : IShardCheckpointStore
{
    private readonly IAmazonDynamoDB _dynamoDb;

    /// <summary>Creates the store on table <paramref name="tableName"/>.</summary>
    public DynamoDbShardCheckpointStore(IAmazonDynamoDB dynamoDb, string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        _dynamoDb = dynamoDb;
        TableName = tableName;
    }

    /// <summary>The DynamoDB table.</summary>
    public string TableName { get; }

    /// <summary>Creates the checkpoint table (on-demand billing) if it does not exist; for tests and first-time setup.</summary>
    public async Task EnsureTableAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _dynamoDb.CreateTableAsync(new CreateTableRequest
            {
                TableName = TableName,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions = [new("consumer", ScalarAttributeType.S), new("shardId", ScalarAttributeType.S)],
                KeySchema = [new("consumer", KeyType.HASH), new("shardId", KeyType.RANGE)],
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceInUseException)
        {
            // Already there.
        }
    }

    /// <inheritdoc />
    public async Task<string?> GetAsync(string consumer, string shardId, CancellationToken cancellationToken = default)
    {
        var response = await _dynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = TableName,
            Key = Key(consumer, shardId),
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);
        return response.Item is { } item && item.TryGetValue("checkpoint", out var value) ? value.S : null;
    }

    /// <inheritdoc />
    public async Task SetAsync(string consumer, string shardId, string sequenceNumber, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sequenceNumber);
        var item = Key(consumer, shardId);
        item["checkpoint"] = new AttributeValue { S = sequenceNumber };
        item["updatedAt"] = new AttributeValue { S = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture) };
        await _dynamoDb.PutItemAsync(new PutItemRequest { TableName = TableName, Item = item }, cancellationToken).ConfigureAwait(false);
    }

    private static Dictionary<string, AttributeValue> Key(string consumer, string shardId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        ArgumentException.ThrowIfNullOrWhiteSpace(shardId);
        return new()
        {
            ["consumer"] = new AttributeValue { S = consumer },
            ["shardId"] = new AttributeValue { S = shardId },
        };
    }
}
