using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Tributary.Delta;

namespace Tributary.Aws.Tests.Delta;

/// <summary>
/// Writers that each try to commit a number of versions to one table, the way a Delta writer does after losing a
/// race: try the next version, and on a loss move on to the one after.
/// </summary>
internal static class CommitStoreRace
{
    public static string Payload(string writer, long version) =>
        $"{{\"commitInfo\":{{\"writer\":\"{writer}\",\"version\":{version.ToString(CultureInfo.InvariantCulture)}}}}}\n";

    /// <summary>Runs every writer in parallel until each has won <paramref name="commitsEach"/> versions; returns who won what.</summary>
    public static async Task<IReadOnlyDictionary<long, string>> RunAsync(IReadOnlyDictionary<string, ICommitStore> writers, int commitsEach)
    {
        var wins = new ConcurrentDictionary<long, string>();
        var duplicates = new ConcurrentBag<long>();
        await Task.WhenAll(writers.Select(w => Task.Run(async () =>
        {
            var won = 0;
            for (long version = 0; won < commitsEach; version++)
            {
                await w.Value.RecoverAsync();
                if (await w.Value.TryCommitAsync(version, Encoding.UTF8.GetBytes(Payload(w.Key, version))))
                {
                    won++;
                    if (!wins.TryAdd(version, w.Key))
                    {
                        duplicates.Add(version);
                    }
                }
            }
        })));

        Assert.Empty(duplicates);
        return wins;
    }
}
