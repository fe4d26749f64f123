using System.Threading.Channels;
using Tributary.Configuration;
using Tributary.Generation;
using Tributary.Monitoring;
using Tributary.Telemetry;
using Tributary.TestSupport;
using Tributary.Watch;

namespace Tributary.Tests.Watch;

public sealed class WatchServiceTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Staged_batches_wait_for_the_cron_schedule_when_the_batch_trigger_is_off()
    {
        using var temp = new TempDirectory();
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 2, 10, 15, 0, TimeSpan.Zero));
        var options = Options(temp, schedule: "0 * * * *", loadWhenBatchesWaiting: 0);
        await using var watch = new RunningWatch(options, clock);

        Land(temp, "a.json", seed: 1);
        var drained = await watch.NextCycleAsync();
        Assert.Equal(1, drained.Files);
        Assert.False(drained.Loaded);
        Assert.Equal(1, drained.BatchesWaiting);
        Assert.Null((await Curated(options)).Version);

        // 11:00 is due: the next cycle loads although no new file landed.
        clock.Now = new DateTimeOffset(2026, 3, 2, 11, 0, 1, TimeSpan.Zero);
        var loaded = await watch.NextCycleAsync();
        Assert.Equal(0, loaded.Files);
        Assert.True(loaded.Loaded);
        Assert.Equal(0, loaded.BatchesWaiting);
        Assert.True((await Curated(options)).Rows > 0);
    }

    [Fact]
    public async Task A_load_starts_when_enough_staging_batches_wait_and_freshness_counts_from_landing()
    {
        using var temp = new TempDirectory();

        // The clock stands still an hour ahead of the file system: files written now predate the start of watch.
        var clock = new ManualClock(DateTimeOffset.UtcNow.AddHours(1));
        var options = Options(temp, schedule: string.Empty, loadWhenBatchesWaiting: 2);
        Land(temp, "a.json", seed: 1);
        using var totals = new MetricsTotals();
        await using var watch = new RunningWatch(options, clock);

        var first = await watch.NextCycleAsync();
        Assert.Equal(1, first.Files);
        Assert.False(first.Loaded);
        Assert.Equal(1, first.BatchesWaiting);

        // Renamed in with a years-old modification time: it landed after the previous listing all the same.
        Land(temp, "b.json", seed: 2, modified: new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var second = await watch.NextCycleAsync();
        Assert.Equal(1, second.Files);
        Assert.True(second.Loaded);
        Assert.Equal(0, second.BatchesWaiting);
        Assert.True((await Curated(options)).Rows > 0);

        // a.json landed before watch started (downtime, not freshness); b.json became visible with the clock unmoved.
        Assert.Contains(0.0, totals.FreshnessSamples);
        Assert.DoesNotContain(totals.FreshnessSamples, s => s > 86_400);
    }

    private static TributaryOptions Options(TempDirectory temp, string schedule, int loadWhenBatchesWaiting) => new()
    {
        Storage = { DataRoot = temp.Combine("data") },
        Stream = { ShardCount = 1 },
        Watch = { PollIntervalSeconds = 1, SettleMilliseconds = 0, LoadSchedule = schedule, LoadWhenBatchesWaiting = loadWhenBatchesWaiting },
    };

    private static Task<global::Tributary.Reporting.TableState> Curated(TributaryOptions options) => new PipelineInspector(options).ReadTableAsync("curated");

    /// <summary>Writes 200 retail records next to <c>source/</c> and renames them in, as an uploader does.</summary>
    private static void Land(TempDirectory temp, string name, ulong seed, DateTime? modified = null)
    {
        var staged = temp.Combine(name);
        using (var file = File.Create(staged))
        {
            new DataGenerator(MockarooSchema.Retail).WriteRecords(file, 200, seed, GeneratedFileFormat.Array);
        }

        if (modified is { } time)
        {
            File.SetLastWriteTimeUtc(staged, time);
        }

        var source = temp.Combine("data", "source");
        Directory.CreateDirectory(source);
        File.Move(staged, Path.Combine(source, name));
    }

    /// <summary><see cref="WatchService"/> running in the background, its cycles read one by one.</summary>
    private sealed class RunningWatch : IAsyncDisposable
    {
        private readonly Channel<WatchCycle> _cycles = Channel.CreateUnbounded<WatchCycle>();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;

        public RunningWatch(TributaryOptions options, TimeProvider clock)
        {
            var service = new WatchService(options, time: clock) { CycleCompleted = c => _cycles.Writer.TryWrite(c) };
            _run = Task.Run(() => service.RunAsync(_stop.Token, CancellationToken.None));
        }

        public async Task<WatchCycle> NextCycleAsync()
        {
            using var timeout = new CancellationTokenSource(Deadline);
            var read = _cycles.Reader.ReadAsync(timeout.Token).AsTask();
            if (await Task.WhenAny(read, _run) == _run)
            {
                await _run; // surfaces the failure
                throw new InvalidOperationException("watch stopped on its own");
            }

            return await read;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run;
            _stop.Dispose();
        }
    }
}
