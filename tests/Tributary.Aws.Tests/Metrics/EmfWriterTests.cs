using System.Text.Json;
using Tributary.Aws.Metrics;

namespace Tributary.Aws.Tests.Metrics;

public sealed class EmfWriterTests
{
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private static readonly DateTimeOffset Now = new(2024, 11, 27, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Write_ProducesOneEmfDocumentPerLine()
    {
        var output = new StringWriter();
        var writer = new EmfWriter(output, "Tributary", new FixedTime(Now));

        writer.Write(
            new Dictionary<string, string> { ["Pipeline"] = "retail", ["Stage"] = "process" },
            [new("RecordsIn", 500), new("Bytes", 123456, "Bytes"), new("BatchAge", 1.5, "Seconds")]);

        var line = Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var aws = root.GetProperty("_aws");
        Assert.Equal(Now.ToUnixTimeMilliseconds(), aws.GetProperty("Timestamp").GetInt64());
        var directive = Assert.Single(aws.GetProperty("CloudWatchMetrics").EnumerateArray());
        Assert.Equal("Tributary", directive.GetProperty("Namespace").GetString());
        Assert.Equal(["Pipeline", "Stage"], Assert.Single(directive.GetProperty("Dimensions").EnumerateArray()).EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(
            ["RecordsIn:Count", "Bytes:Bytes", "BatchAge:Seconds"],
            directive.GetProperty("Metrics").EnumerateArray().Select(m => m.GetProperty("Name").GetString() + ":" + m.GetProperty("Unit").GetString()));
        Assert.Equal("retail", root.GetProperty("Pipeline").GetString());
        Assert.Equal("process", root.GetProperty("Stage").GetString());
        Assert.Equal(500, root.GetProperty("RecordsIn").GetDouble());
        Assert.Equal(123456, root.GetProperty("Bytes").GetDouble());
        Assert.Equal(1.5, root.GetProperty("BatchAge").GetDouble());
    }

    [Fact]
    public void Write_MoreThan100Metrics_SplitsIntoSeveralDocuments()
    {
        var output = new StringWriter();
        var writer = new EmfWriter(output, "Tributary", new FixedTime(Now));

        writer.Write(new Dictionary<string, string> { ["Stage"] = "load" }, Enumerable.Range(0, 150).Select(i => new EmfMetric($"M{i}", i)).ToList());

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal(100, JsonDocument.Parse(lines[0]).RootElement.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").GetArrayLength());
        Assert.Equal(149, JsonDocument.Parse(lines[1]).RootElement.GetProperty("M149").GetDouble());
    }

    [Fact]
    public void Write_NonFiniteValue_FailsNamingTheMetric()
    {
        var writer = new EmfWriter(new StringWriter(), "Tributary");

        var error = Assert.Throws<ArgumentException>(() => writer.Write(new Dictionary<string, string>(), [new("BatchAge", double.NaN, "Seconds")]));

        Assert.Contains("Metric 'BatchAge' has the value NaN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_MetricNamedLikeADimension_Fails()
    {
        var writer = new EmfWriter(new StringWriter(), "Tributary");

        Assert.Throws<ArgumentException>(() => writer.Write(new Dictionary<string, string> { ["Stage"] = "x" }, [new("Stage", 1)]));
    }
}
