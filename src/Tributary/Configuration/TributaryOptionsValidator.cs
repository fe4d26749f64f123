using Microsoft.Extensions.Configuration;
using Tributary.Configuration.Internal;

namespace Tributary.Configuration;

/// <summary>
/// Validates configuration generically, by reflection over the options classes, so that every section (whoever
/// fills it in) gets the same checks: unknown keys, wrong types (numbers, booleans, enums, durations, lists) and
/// the <see cref="System.ComponentModel.DataAnnotations"/> attributes on the properties ([Range], [Required],
/// [AllowedValues], [RegularExpression], [MinLength], ...) plus <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>.
/// Every message names the full key (<c>Section:Key</c>) and the allowed values.
/// </summary>
public static class TributaryOptionsValidator
{
    /// <summary>Checks the raw keys, binds them onto defaults and validates the result.</summary>
    /// <param name="configuration">The merged configuration (file and environment).</param>
    /// <param name="source">Where the configuration came from, for the message (a file name).</param>
    /// <exception cref="TributaryConfigurationException">One or more keys are invalid.</exception>
    public static TributaryOptions BindAndValidate(IConfiguration configuration, string? source) =>
        BindAndValidate<TributaryOptions>(configuration, source);

    /// <summary>The same checks for any options class (a section class, or a tool's own options).</summary>
    /// <exception cref="TributaryConfigurationException">One or more keys are invalid.</exception>
    public static T BindAndValidate<T>(IConfiguration configuration, string? source)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        ConfigurationKeyChecker.CheckSection(configuration, typeof(T), path: "", errors);
        if (errors.Count > 0)
        {
            throw new TributaryConfigurationException(source, errors);
        }

        var options = new T();
        try
        {
            configuration.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            // The key checker accepts only what the binder can bind; this is a safety net with the binder's words.
            throw new TributaryConfigurationException(source, [ex.Message.ReplaceLineEndings(" ")]);
        }

        OptionsAnnotationChecker.Check(options, path: "", errors);
        if (errors.Count > 0)
        {
            throw new TributaryConfigurationException(source, errors);
        }

        return options;
    }

    /// <summary>Validates options built in code (annotations only); returns the problems, empty when valid.</summary>
    public static IReadOnlyList<string> Validate(object options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        OptionsAnnotationChecker.Check(options, path: "", errors);
        return errors;
    }
}
