using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Tributary.Configuration.Internal;

/// <summary>
/// Walks the raw configuration keys against the options types before binding, so that an unknown key or a value
/// of the wrong type is reported with its full key instead of being ignored or failing deep in the binder.
/// </summary>
internal static class ConfigurationKeyChecker
{
    public static void CheckSection(IConfiguration section, Type type, string path, List<string> errors)
    {
        var properties = OptionsReflection.BindableProperties(type);
        foreach (var child in section.GetChildren())
        {
            var key = OptionsReflection.Join(path, child.Key);
            if (path.Length == 0 && child.Key == "$schema")
            {
                continue;
            }

            var property = properties.FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                var where = path.Length == 0 ? "at the top level" : $"in '{path}'";
                var allowed = properties.Length == 0 ? "none yet" : string.Join(", ", properties.Select(p => p.Name));
                errors.Add($"unknown key '{key}'; allowed keys {where}: {allowed}");
                continue;
            }

            CheckValue(child, property.PropertyType, property, key, errors);
        }
    }

    private static void CheckValue(IConfigurationSection section, Type type, PropertyInfo? property, string key, List<string> errors)
    {
        var hasChildren = section.GetChildren().Any();
        if (OptionsReflection.IsScalar(type))
        {
            if (hasChildren)
            {
                errors.Add($"'{key}' must be a single value, not a section; allowed values: {OptionsReflection.Allowed(type, property)}");
            }
            else if (!ScalarParser.TryParse(section.Value, type, out _, out var reason))
            {
                errors.Add($"'{key}': {reason}; allowed values: {OptionsReflection.Allowed(type, property)}");
            }

            return;
        }

        if (!hasChildren)
        {
            if (!string.IsNullOrEmpty(section.Value))
            {
                var shape = OptionsReflection.DictionaryValueType(type) is not null ? "a section of named entries"
                    : OptionsReflection.ElementType(type) is not null ? "a list"
                    : $"a section with the keys {string.Join(", ", OptionsReflection.BindableProperties(type).Select(p => p.Name))}";
                errors.Add($"'{key}' must be {shape}, not the value '{section.Value}'");
            }

            return;
        }

        if (OptionsReflection.DictionaryValueType(type) is { } valueType)
        {
            foreach (var entry in section.GetChildren())
            {
                CheckValue(entry, valueType, null, OptionsReflection.Join(key, entry.Key), errors);
            }

            return;
        }

        if (OptionsReflection.ElementType(type) is { } elementType)
        {
            foreach (var item in section.GetChildren())
            {
                var itemKey = OptionsReflection.Join(key, item.Key);
                if (!int.TryParse(item.Key, out _))
                {
                    errors.Add($"'{key}' must be a list, but has the key '{item.Key}'");
                    continue;
                }

                CheckValue(item, elementType, null, itemKey, errors);
            }

            return;
        }

        CheckSection(section, type, key, errors);
    }
}
