using Tributary.Generation;
using Tributary.Tests.Configuration;

namespace Tributary.Tests.Generation;

public sealed class SampleDataTests
{
    // The sample is `tributary generate --rows 500 --files 3 --seed 42`; regenerate it when the generator changes.
    [Fact]
    public void The_shipped_sample_is_what_seed_42_generates()
    {
        var folder = Path.Combine(ConfigurationTestFiles.RepositoryRoot(), "data", "source");
        var generator = new DataGenerator(MockarooSchema.Retail);

        for (var index = 0; index < 3; index++)
        {
            using var expected = new MemoryStream();
            generator.WriteRecords(expected, 500, 42, GeneratedFileFormat.Array, index);

            Assert.Equal(expected.ToArray(), File.ReadAllBytes(Path.Combine(folder, $"retail-{index + 1:D5}.json")));
        }

        Assert.Equal(3, Directory.GetFiles(folder).Length);
    }
}
