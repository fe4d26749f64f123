using Microsoft.Extensions.Configuration;
using Tributary.Configuration;

namespace Tributary.Tests.Configuration;

public sealed class TributaryOptionsValidatorTests
{
    [Fact]
    public void Valid_values_of_every_shape_bind()
    {
        var options = Bind<SampleOptions>(new()
        {
            ["Name"] = "x",
            ["Section:Shards"] = "8",
            ["Section:Ratio"] = "0.25",
            ["Section:Mode"] = "exactlyonce",
            ["Section:Interval"] = "00:01:30",
            ["Section:Enabled"] = "true",
            ["Section:Codec"] = "gzip",
            ["Section:Tags:0"] = "a",
            ["Section:Tags:1"] = "b",
            ["Section:Named:first:Id"] = "one",
            ["Section:Items:0:Id"] = "i",
            ["Section:Items:0:Weight"] = "3",
        });

        Assert.Equal(8, options.Section.Shards);
        Assert.Equal(0.25, options.Section.Ratio);
        Assert.Equal(SampleMode.ExactlyOnce, options.Section.Mode);
        Assert.Equal(TimeSpan.FromSeconds(90), options.Section.Interval);
        Assert.True(options.Section.Enabled);
        Assert.Equal(["a", "b"], options.Section.Tags);
        Assert.Equal("one", options.Section.Named["first"].Id);
        Assert.Equal(3, options.Section.Items[0].Weight);
    }

    [Theory]
    [InlineData("Sektion:Shards", "1", "unknown key 'Sektion'; allowed keys at the top level: Name, Section")]
    [InlineData("Section:Shard", "1", "unknown key 'Section:Shard'; allowed keys in 'Section': Shards, Ratio, Mode, Interval, Enabled, Codec, Label, Tags, Named, Items")]
    [InlineData("Section:Items:0:Wieght", "1", "unknown key 'Section:Items:0:Wieght'; allowed keys in 'Section:Items:0': Id, Weight")]
    [InlineData("Section:Named:a:Colour", "red", "unknown key 'Section:Named:a:Colour'; allowed keys in 'Section:Named:a': Id, Weight")]
    [InlineData("Section:Shards", "many", "'Section:Shards': 'many' is not a whole number in range; allowed values: whole numbers from 1 to 64")]
    [InlineData("Section:Shards", "99999999999", "'Section:Shards': '99999999999' is not a whole number in range; allowed values: whole numbers from 1 to 64")]
    [InlineData("Section:Shards", "0", "'Section:Shards': 0 is out of range; allowed values: 1 to 64")]
    [InlineData("Section:Shards", "65", "'Section:Shards': 65 is out of range; allowed values: 1 to 64")]
    [InlineData("Section:Ratio", "1.5", "'Section:Ratio': 1.5 is out of range; allowed values: 0 to 1")]
    [InlineData("Section:Ratio", "half", "'Section:Ratio': 'half' is not a number; allowed values: numbers from 0 to 1")]
    [InlineData("Section:Mode", "slow", "'Section:Mode': 'slow' is not allowed; allowed values: fast, safe, exactlyOnce")]
    [InlineData("Section:Mode", "1", "'Section:Mode': '1' is not allowed; allowed values: fast, safe, exactlyOnce")]
    [InlineData("Section:Interval", "5 minutes", "'Section:Interval': '5 minutes' is not a duration; allowed values: durations written [d.]hh:mm:ss[.fff]")]
    [InlineData("Section:Enabled", "yes", "'Section:Enabled': 'yes' is not a boolean; allowed values: true, false")]
    [InlineData("Section:Codec", "lz4", "'Section:Codec': 'lz4' is not allowed; allowed values: gzip, zstd, none")]
    [InlineData("Section:Label", "ABC", "'Section:Label': 'ABC' does not match the pattern ^[a-z]+$")]
    [InlineData("Section:Items:0:Weight", "11", "'Section:Items:0:Weight': 11 is out of range; allowed values: 1 to 10")]
    [InlineData("Section:Named:a:Weight", "0", "'Section:Named:a:Weight': 0 is out of range; allowed values: 1 to 10")]
    [InlineData("Section", "flat", "'Section' must be a section with the keys Shards, Ratio, Mode, Interval, Enabled, Codec, Label, Tags, Named, Items, not the value 'flat'")]
    [InlineData("Section:Tags", "one", "'Section:Tags' must be a list, not the value 'one'")]
    [InlineData("Section:Tags:first", "one", "'Section:Tags' must be a list, but has the key 'first'")]
    [InlineData("Section:Shards:x", "1", "'Section:Shards' must be a single value, not a section; allowed values: whole numbers from 1 to 64")]
    [InlineData("Section:Enabled", "", "'Section:Enabled': a value is required; allowed values: true, false")]
    public void A_bad_key_fails_with_a_message_naming_the_full_key_and_the_allowed_values(string key, string value, string message)
    {
        var data = new Dictionary<string, string?> { [key] = value };
        if (key.StartsWith("Section:Items:0:", StringComparison.Ordinal) || key.StartsWith("Section:Named:a:", StringComparison.Ordinal))
        {
            data[key[..key.LastIndexOf(':')] + ":Id"] = "id";
        }

        var error = Assert.Throws<TributaryConfigurationException>(() => Bind<SampleOptions>(data));

        Assert.Equal([message], error.Errors);
        Assert.Equal($"Invalid configuration (test.json): {message}", error.Message);
    }

    [Fact]
    public void A_required_value_missing_in_a_list_item_is_named()
    {
        var error = Assert.Throws<TributaryConfigurationException>(() => Bind<SampleOptions>(new() { ["Section:Items:0:Weight"] = "2" }));

        Assert.Equal(["'Section:Items:0:Id' is required"], error.Errors);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var error = Assert.Throws<TributaryConfigurationException>(() => Bind<SampleOptions>(new()
        {
            ["Section:Shards"] = "x",
            ["Section:Mode"] = "y",
        }));

        Assert.Equal(2, error.Errors.Count);
        Assert.StartsWith("Invalid configuration (test.json): 2 problems: ", error.Message);
        Assert.Contains("'Section:Shards': 'x' is not a whole number in range", error.Message);
        Assert.Contains("'Section:Mode': 'y' is not allowed", error.Message);
    }

    [Fact]
    public void The_tributary_options_reject_unknown_sections_and_keys()
    {
        var error = Assert.Throws<TributaryConfigurationException>(() => Bind<TributaryOptions>(new() { ["Storage:DataRooot"] = "x" }));

        Assert.Equal(["unknown key 'Storage:DataRooot'; allowed keys in 'Storage': DataRoot, ObjectStore"], error.Errors);
    }

    [Fact]
    public void The_s3_transport_needs_a_bucket()
    {
        var error = Assert.Throws<TributaryConfigurationException>(() => Bind<TributaryOptions>(new() { ["Storage:ObjectStore:Transport"] = "s3" }));

        Assert.Equal(["'Storage:ObjectStore:Bucket': is required when Storage:ObjectStore:Transport is s3"], error.Errors);
    }

    [Fact]
    public void A_bucket_name_must_be_a_valid_s3_name()
    {
        var error = Assert.Throws<TributaryConfigurationException>(() => Bind<TributaryOptions>(new()
        {
            ["Storage:ObjectStore:Transport"] = "S3",
            ["Storage:ObjectStore:Bucket"] = "My_Bucket",
        }));

        Assert.Equal(["'Storage:ObjectStore:Bucket': 'My_Bucket' does not match the pattern ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$"], error.Errors);
    }

    [Fact]
    public void An_empty_data_root_is_rejected()
    {
        var error = Assert.Throws<TributaryConfigurationException>(() => Bind<TributaryOptions>(new() { ["Storage:DataRoot"] = "" }));

        Assert.Contains("'Storage:DataRoot' is required", error.Errors);
    }

    [Fact]
    public void Options_built_in_code_are_validated_too()
    {
        var options = new TributaryOptions();
        options.Storage.ObjectStore.Transport = (ObjectStoreTransport)7;

        var errors = TributaryOptionsValidator.Validate(options);

        Assert.Equal(["'Storage:ObjectStore:Transport': 7 is not allowed; allowed values: local, s3"], errors);
    }

    private static T Bind<T>(Dictionary<string, string?> data)
        where T : class, new()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(data).Build();
        return TributaryOptionsValidator.BindAndValidate<T>(configuration, "test.json");
    }
}
