using Tributary.Configuration;
using Tributary.TestSupport;

namespace Tributary.Tests.Configuration;

public sealed class TributaryConfigurationLoaderTests
{
    private static readonly Dictionary<string, string?> NoEnvironment = [];

    [Fact]
    public void Without_a_file_the_defaults_apply_and_the_data_root_is_under_the_working_folder()
    {
        using var folder = new TempDirectory();

        var options = TributaryConfigurationLoader.Load(null, folder.Path, NoEnvironment);

        Assert.Equal("retail", options.Pipeline);
        Assert.Equal(Path.Combine(folder.Path, "data"), options.Storage.DataRoot);
        Assert.Equal(ObjectStoreTransport.Local, options.Storage.ObjectStore.Transport);
    }

    [Fact]
    public void The_file_in_the_working_folder_is_read_and_a_relative_data_root_is_resolved_against_its_folder()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.Combine("tributary.json"), """{ "Pipeline": "shop", "Storage": { "DataRoot": "lake" } }""");

        var options = TributaryConfigurationLoader.Load(null, folder.Path, NoEnvironment);

        Assert.Equal("shop", options.Pipeline);
        Assert.Equal(folder.Combine("lake"), options.Storage.DataRoot);
    }

    [Fact]
    public void An_explicit_config_path_is_relative_to_the_working_folder_and_its_data_root_to_the_file()
    {
        using var folder = new TempDirectory();
        Directory.CreateDirectory(folder.Combine("conf"));
        File.WriteAllText(folder.Combine("conf", "other.json"), """{ "Storage": { "DataRoot": "../elsewhere" } }""");

        var options = TributaryConfigurationLoader.Load("conf/other.json", folder.Path, NoEnvironment);

        Assert.Equal(folder.Combine("elsewhere"), options.Storage.DataRoot);
    }

    [Fact]
    public void A_missing_explicit_config_file_fails_naming_the_path()
    {
        using var folder = new TempDirectory();

        var error = Assert.Throws<TributaryConfigurationException>(() => TributaryConfigurationLoader.Load("nope.json", folder.Path, NoEnvironment));

        Assert.Equal($"Invalid configuration: the configuration file '{folder.Combine("nope.json")}' does not exist", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_json_fails_naming_the_file()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.Combine("tributary.json"), "{ \"Storage\": ");

        var error = Assert.Throws<TributaryConfigurationException>(() => TributaryConfigurationLoader.Load(null, folder.Path, NoEnvironment));

        Assert.StartsWith($"Invalid configuration ({folder.Combine("tributary.json")}): ", error.Message);
    }

    [Fact]
    public void Environment_variables_override_the_file_case_insensitively()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.Combine("tributary.json"), """{ "Pipeline": "shop", "Storage": { "DataRoot": "lake" } }""");
        var environment = new Dictionary<string, string?>
        {
            ["TRIBUTARY__Pipeline"] = "night",
            ["TRIBUTARY__STORAGE__DATAROOT"] = "/srv/data",
            ["OTHER__Pipeline"] = "ignored",
        };

        var options = TributaryConfigurationLoader.Load(null, folder.Path, environment);

        Assert.Equal("night", options.Pipeline);
        Assert.Equal("/srv/data", options.Storage.DataRoot);
    }

    [Fact]
    public void A_bad_environment_value_fails_naming_the_key_and_the_allowed_values()
    {
        using var folder = new TempDirectory();
        var environment = new Dictionary<string, string?> { ["TRIBUTARY__Storage__ObjectStore__Transport"] = "ftp" };

        var error = Assert.Throws<TributaryConfigurationException>(() => TributaryConfigurationLoader.Load(null, folder.Path, environment));

        Assert.Equal("Invalid configuration (environment): 'Storage:ObjectStore:Transport': 'ftp' is not allowed; allowed values: local, s3", error.Message);
    }

    [Fact]
    public void The_shipped_tributary_json_is_valid()
    {
        var root = ConfigurationTestFiles.RepositoryRoot();

        var options = TributaryConfigurationLoader.Load(Path.Combine(root, "tributary.json"), root, NoEnvironment);

        Assert.Equal("retail", options.Pipeline);
        Assert.Equal(Path.Combine(root, "data"), options.Storage.DataRoot);
    }
}
