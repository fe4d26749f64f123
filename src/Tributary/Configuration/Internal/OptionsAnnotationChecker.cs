using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;

namespace Tributary.Configuration.Internal;

/// <summary>Applies the data-annotation attributes and <see cref="IValidatableObject"/> to bound options, recursively.</summary>
internal static class OptionsAnnotationChecker
{
    public static void Check(object options, string path, List<string> errors)
    {
        var type = options.GetType();
        foreach (var property in OptionsReflection.BindableProperties(type))
        {
            var key = OptionsReflection.Join(path, property.Name);
            var value = property.GetValue(options);
            foreach (var attribute in property.GetCustomAttributes<ValidationAttribute>())
            {
                if (!attribute.IsValid(value))
                {
                    errors.Add(Describe(attribute, key, value, property));
                }
            }

            if (value is Enum e && !Enum.IsDefined(e.GetType(), e))
            {
                errors.Add($"'{key}': {e} is not allowed; allowed values: {OptionsReflection.EnumValues(e.GetType())}");
            }

            CheckNested(value, property.PropertyType, key, errors);
        }

        if (options is IValidatableObject validatable)
        {
            foreach (var result in validatable.Validate(new ValidationContext(options)))
            {
                var members = result.MemberNames.ToList();
                var where = members.Count == 0 ? path : string.Join(", ", members.Select(m => OptionsReflection.Join(path, m)));
                errors.Add(where.Length == 0 ? result.ErrorMessage ?? "invalid" : $"'{where}': {result.ErrorMessage}");
            }
        }
    }

    private static void CheckNested(object? value, Type declared, string key, List<string> errors)
    {
        if (value is null || OptionsReflection.IsScalar(declared))
        {
            return;
        }

        if (OptionsReflection.DictionaryValueType(declared) is { } valueType)
        {
            if (!OptionsReflection.IsScalar(valueType) && value is IEnumerable entries)
            {
                foreach (var entry in entries)
                {
                    var entryType = entry!.GetType();
                    var entryKey = entryType.GetProperty("Key")!.GetValue(entry);
                    var entryValue = entryType.GetProperty("Value")!.GetValue(entry);
                    if (entryValue is not null)
                    {
                        Check(entryValue, OptionsReflection.Join(key, (string)entryKey!), errors);
                    }
                }
            }

            return;
        }

        if (OptionsReflection.ElementType(declared) is { } elementType)
        {
            if (!OptionsReflection.IsScalar(elementType) && value is IEnumerable items)
            {
                var index = 0;
                foreach (var item in items)
                {
                    if (item is not null)
                    {
                        Check(item, OptionsReflection.Join(key, index.ToString(System.Globalization.CultureInfo.InvariantCulture)), errors);
                    }

                    index++;
                }
            }

            return;
        }

        Check(value, key, errors);
    }

    private static string Describe(ValidationAttribute attribute, string key, object? value, PropertyInfo property) => attribute switch
    {
        RequiredAttribute => $"'{key}' is required",
        RangeAttribute range => $"'{key}': {OptionsReflection.Format(value)} is out of range; allowed values: {OptionsReflection.Format(range.Minimum)} to {OptionsReflection.Format(range.Maximum)}",
        AllowedValuesAttribute => $"'{key}': {OptionsReflection.Format(value)} is not allowed; allowed values: {OptionsReflection.Allowed(property.PropertyType, property)}",
        RegularExpressionAttribute regex => $"'{key}': {OptionsReflection.Format(value)} does not match the pattern {regex.Pattern}",
        MinLengthAttribute min => $"'{key}' must have at least {min.Length} {(value is string ? "characters" : "items")}",
        MaxLengthAttribute max => $"'{key}' must have at most {max.Length} {(value is string ? "characters" : "items")}",
        LengthAttribute length => $"'{key}' must have from {length.MinimumLength} to {length.MaximumLength} {(value is string ? "characters" : "items")}",
        StringLengthAttribute length => $"'{key}' must have from {length.MinimumLength} to {length.MaximumLength} characters",
        _ => $"'{key}': {attribute.FormatErrorMessage(key)}",
    };
}
