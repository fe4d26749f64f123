using System.Collections;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Tributary.Configuration;

/// <summary>
/// Loads <see cref="TributaryOptions"/>: defaults, then the JSON file, then <c>TRIBUTARY__Section__Key</c>
/// environment variables; validates every key (see <see cref="TributaryOptionsValidator"/>); and makes
/// <see cref="StorageOptions.DataRoot"/> absolute (relative to the configuration file's folder, or to the working
/// folder when there is no file).
/// </summary>
public static class TributaryConfigurationLoader
{
    /// <summary>The file looked for in the working folder when no path is given.</summary>
    public const string DefaultFileName = "tributary.json";

    /// <summary>The prefix of environment variables that override keys (<c>TRIBUTARY__Storage__DataRoot</c>).</summary>
    public const string EnvironmentPrefix = "TRIBUTARY__";

    /// <summary>Loads, binds and validates the configuration.</summary>
    /// <param name="configPath">An explicit file (must exist), or null to use <c>tributary.json</c> in <paramref name="workingDirectory"/> when present.</param>
    /// <param name="workingDirectory">The folder relative paths are resolved against.</param>
    /// <param name="environment">The environment variables to apply; null reads the process environment.</param>
    /// <exception cref="TributaryConfigurationException">The file is unreadable or a key is invalid.</exception>
    public static TributaryOptions Load(string? configPath, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null)
    {
        string? file;
        if (configPath is not null)
        {
            file = Path.GetFullPath(configPath, workingDirectory);
            if (!File.Exists(file))
            {
                throw new TributaryConfigurationException(null, [$"the configuration file '{file}' does not exist"]);
            }
        }
        else
        {
            var candidate = Path.Combine(workingDirectory, DefaultFileName);
            file = File.Exists(candidate) ? candidate : null;
        }

        var builder = new ConfigurationBuilder();
        if (file is not null)
        {
            builder.AddJsonFile(file, optional: false, reloadOnChange: false);
        }

        builder.AddInMemoryCollection(EnvironmentOverrides(environment));

        IConfigurationRoot configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or FormatException or IOException)
        {
            throw new TributaryConfigurationException(
                $"Invalid configuration ({file}): {(ex.InnerException ?? ex).Message.ReplaceLineEndings(" ")}", ex);
        }

        var source = file is null ? "environment" : Path.GetFileName(file);
        var options = TributaryOptionsValidator.BindAndValidate(configuration, source);
        var baseDirectory = file is null ? workingDirectory : Path.GetDirectoryName(file)!;
        options.Storage.DataRoot = Path.GetFullPath(options.Storage.DataRoot, baseDirectory);
        return options;
    }

    // Same mapping as AddEnvironmentVariables(EnvironmentPrefix) ("__" separates sections), but from a dictionary so
    // that tests do not race on the process environment.
    private static IEnumerable<KeyValuePair<string, string?>> EnvironmentOverrides(IReadOnlyDictionary<string, string?>? environment)
    {
        IEnumerable<KeyValuePair<string, string?>> variables = environment
            ?? Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
                .Select(entry => new KeyValuePair<string, string?>((string)entry.Key, (string?)entry.Value));
        foreach (var (name, value) in variables)
        {
            if (name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) && name.Length > EnvironmentPrefix.Length)
            {
                var key = name[EnvironmentPrefix.Length..].Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
                yield return new KeyValuePair<string, string?>(key, value);
            }
        }
    }
}
