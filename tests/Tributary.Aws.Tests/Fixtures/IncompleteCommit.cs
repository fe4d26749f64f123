using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Tributary.Ports;

namespace Tributary.Aws.Tests.Fixtures;

/// <summary>What a Delta writer on the DynamoDB commit store leaves when it dies between claiming a version and copying its commit file.</summary>
internal static class IncompleteCommit
{
    /// <summary>
    /// Writes <paramref name="content"/> as the writer's temp file under the table's <c>_delta_log/</c> and an
    /// incomplete DynamoDB entry for <paramref name="fileName"/> naming it.
    /// </summary>
    public static async Task LeaveAsync(
        IObjectStore store, IAmazonDynamoDB dynamoDb, string table, string tablePath, string tableFolder, string fileName, string tempPath, string content)
    {
        await store.PutAsync($"{tableFolder}/_delta_log/{tempPath}", Encoding.UTF8.GetBytes(content));
        await dynamoDb.PutItemAsync(new PutItemRequest
        {
            TableName = table,
            Item = new()
            {
                ["tablePath"] = new() { S = tablePath },
                ["fileName"] = new() { S = fileName },
                ["tempPath"] = new() { S = tempPath },
                ["complete"] = new() { S = "false" },
            },
        });
    }
}
