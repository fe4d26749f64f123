using System.Text;
using Tributary.Aws.Lambda.Internal;

namespace Tributary.Aws.Tests.Lambda;

/// <summary>The two documented shapes of an S3 object-created event, parsed without any server.</summary>
public sealed class ObjectCreatedEventTests
{
    private static IReadOnlyList<CreatedObject> Parse(string json) => ObjectCreatedEvent.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void S3Notification_DecodesKeysAndSkipsTheTestEventRecord()
    {
        // The S3 event notification (eventVersion 2.1) as the S3 user guide documents it: keys URL-encoded, '+' for spaces.
        var objects = Parse("""
            {"Records":[
              {"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"2026-11-27T08:00:00.000Z",
               "eventName":"ObjectCreated:Put","userIdentity":{"principalId":"AWS:EXAMPLE"},
               "requestParameters":{"sourceIPAddress":"127.0.0.1"},"responseElements":{"x-amz-request-id":"R1","x-amz-id-2":"I2"},
               "s3":{"s3SchemaVersion":"1.0","configurationId":"extract","bucket":{"name":"data-bucket","ownerIdentity":{"principalId":"A"},"arn":"arn:aws:s3:::data-bucket"},
                     "object":{"key":"source/2026/sales+day%281%29%2Bextra.json","size":1024,"eTag":"0123456789abcdef0123456789abcdef","versionId":"v1","sequencer":"0A1B2C3D4E5F678901"}}},
              {"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:CompleteMultipartUpload",
               "s3":{"bucket":{"name":"data-bucket"},"object":{"key":"source/big.json.gz","size":99999999,"eTag":"abc-12"}}},
              {"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectRemoved:Delete",
               "s3":{"bucket":{"name":"data-bucket"},"object":{"key":"source/gone.json"}}}
            ]}
            """);

        Assert.Equal(2, objects.Count);
        Assert.Equal(new CreatedObject("data-bucket", "source/2026/sales day(1)+extra.json", 1024, "0123456789abcdef0123456789abcdef"), objects[0]);
        Assert.Equal(new CreatedObject("data-bucket", "source/big.json.gz", 99999999, "abc-12"), objects[1]);
    }

    [Fact]
    public void EventBridgeObjectCreated_IsReadFromDetail()
    {
        // The EventBridge shape from the S3 user guide ("EventBridge event message structure").
        var objects = Parse("""
            {"version":"0","id":"17793124-05d4-b198-2fde-7ededc63b103","detail-type":"Object Created","source":"aws.s3",
             "account":"111122223333","time":"2026-11-27T00:00:00Z","region":"ca-central-1","resources":["arn:aws:s3:::data-bucket"],
             "detail":{"version":"0","bucket":{"name":"data-bucket"},
                       "object":{"key":"source/a+b.jsonl","size":5,"etag":"b1946ac92492d2347c6235b4d2611184","version-id":"IYV3p45BT0ac8hjHg1houSdS1a.Mppz8","sequencer":"00617F08299329D189"},
                       "request-id":"N4N7GDK58NMKJ12R","requester":"123456789012","source-ip-address":"1.2.3.4","reason":"PutObject"}}
            """);

        Assert.Equal(new CreatedObject("data-bucket", "source/a b.jsonl", 5, "b1946ac92492d2347c6235b4d2611184"), Assert.Single(objects));
    }

    [Theory]
    [InlineData("""{"detail-type":"Object Deleted","detail":{"bucket":{"name":"b"},"object":{"key":"k"}}}""", "'Object Deleted'")]
    [InlineData("""{"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"size":1}}}]}""", "Records[0].s3.object.key")]
    [InlineData("""{"Records":[{"eventName":"ObjectCreated:Put"}]}""", "Records[0]")]
    [InlineData("""{"source":"aws.events","detail-type":"Scheduled Event"}""", "neither")]
    [InlineData("not json", "not JSON")]
    public void OtherEvents_AreRejectedWithAReason(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => Parse(json));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
