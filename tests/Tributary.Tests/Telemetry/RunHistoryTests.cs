using Tributary.Telemetry;
using Tributary.TestSupport;

namespace Tributary.Tests.Telemetry;

public sealed class RunHistoryTests
{
    [Fact]
    public async Task Runs_round_trip_newest_last_and_a_torn_line_is_skipped()
    {
        using var temp = new TempDirectory();
        var history = new RunHistory(temp.Combine("_state"));
        var t0 = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        for (var i = 0; i < 5; i++)
        {
            await history.AppendAsync(new RunRecord
            {
                Started = t0.AddMinutes(i),
                Finished = t0.AddMinutes(i).AddSeconds(3),
                RecordsExtracted = i * 10,
                TableVersions = new Dictionary<string, long> { ["curated"] = i },
            });
        }

        await File.AppendAllTextAsync(history.FilePath, "{\"mode\":\"run\",\"star");

        var recent = await history.ReadRecentAsync(3);

        Assert.Equal([20L, 30L, 40L], recent.Select(r => r.RecordsExtracted));
        Assert.Equal(4, recent[^1].TableVersions["curated"]);
        Assert.Equal(t0.AddMinutes(4), recent[^1].Started);
    }

    [Fact]
    public async Task An_absent_history_reads_as_empty()
    {
        using var temp = new TempDirectory();
        Assert.Empty(await new RunHistory(temp.Path).ReadRecentAsync());
    }
}
