using System.Text.Json;
using Tributary.Delta.Internal;

namespace Tributary.Delta.Tests.Log;

public sealed class JsonChecksumTests
{
    [Fact]
    public void The_spec_test_vector_gives_the_spec_checksum()
    {
        using var document = JsonDocument.Parse(
            "{\"k0\":\"'v 0'\", \"checksum\": \"adsaskfljadfkjadfkj\", \"k1\":{\"k2\": 2, \"k3\": [\"v3\", [1, 2], {\"k4\": \"v4\", \"k5\": [\"v5\", \"v6\", \"v7\"]}]}}");
        Assert.Equal("6a92d155a59bf2eecbd4b4ec7fd1f875", JsonChecksum.Compute(document.RootElement));
    }

    [SkippableFact]
    public void A_spark_written_last_checkpoint_verifies()
    {
        var path = Tributary.TestSupport.SharedFolder.Require("delta", "golden", "basic-with-inserts-deletes-checkpoint", "_delta_log", "_last_checkpoint");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal(document.RootElement.GetProperty("checksum").GetString(), JsonChecksum.Compute(document.RootElement));
    }
}
