using System.Globalization;
using System.Text.Json;
using Tributary.Generation.Internal.Expressions;

namespace Tributary.Generation.Internal;

/// <summary>Turns each schema column into its generator, failing with the column's name on anything unsupported.</summary>
internal static class ColumnCompiler
{
    public const string SupportedTypes = "Number, Datetime, Character Sequence, Digit Sequence, Custom List, Construction Material, "
        + "Email Address, First Name, Last Name, Address Line 2, State, Template, Formula";

    private static readonly string[] DateFormats =
    [
        "MM/dd/yyyy", "M/d/yyyy", "yyyy-MM-dd", "MM/dd/yyyy HH:mm:ss", "M/d/yyyy H:mm:ss", "MM/dd/yyyy HH:mm",
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-dd HH:mm",
    ];

    public static FieldGenerator[] Compile(IReadOnlyList<MockarooColumn> columns)
    {
        var generators = new FieldGenerator[columns.Count];
        for (var slot = 0; slot < columns.Count; slot++)
        {
            var column = columns[slot];
            try
            {
                var generator = CompileOne(column, name => Resolve(columns, slot, name));
                generators[slot] = column.NullPercentage > 0 ? new NullableGenerator(generator, column.NullPercentage) : generator;
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or OverflowException)
            {
                throw new GeneratorSchemaException(column.Name, ex.Message);
            }
        }

        return generators;
    }

    private static int Resolve(IReadOnlyList<MockarooColumn> columns, int current, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i].Name, name, StringComparison.Ordinal))
            {
                return i < current ? i : throw new FormatException($"'{name}' is not an earlier column (a column can only use the columns before it)");
            }
        }

        throw new FormatException($"there is no column named '{name}'");
    }

    private static FieldGenerator CompileOne(MockarooColumn column, Func<string, int> resolve)
    {
        var definition = column.Definition;
        if (definition.TryGetProperty("formula", out var formula) && formula.ValueKind != JsonValueKind.Null
            && !(formula.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(formula.GetString())))
        {
            throw new FormatException("a per-column \"formula\" is not supported; use a separate column of type Formula");
        }

        switch (column.Type)
        {
            case "Number":
                {
                    var min = Number(definition, "min", 1m);
                    var max = Number(definition, "max", 100m);
                    var decimals = (int)Number(definition, "decimals", 2m);
                    if (decimals is < 0 or > 10)
                    {
                        throw new FormatException("\"decimals\" must be from 0 to 10");
                    }

                    if (min > max)
                    {
                        throw new FormatException($"\"min\" ({min}) is greater than \"max\" ({max})");
                    }

                    return new NumberGenerator(min, max, decimals);
                }

            case "Datetime":
                {
                    var min = Date(definition, "min", inclusiveEnd: false);
                    var max = Date(definition, "max", inclusiveEnd: true);
                    if (min > max)
                    {
                        throw new FormatException("\"min\" is after \"max\"");
                    }

                    return new DatetimeGenerator(min, max, StrftimeFormat.Parse(Text(definition, "format", "%m/%d/%Y")));
                }

            case "Character Sequence":
            case "Digit Sequence":
                return new CharacterSequenceGenerator(Text(definition, "format", null));
            case "Custom List":
                return CustomList(definition, resolve);
            case "Construction Material":
                return new ListGenerator(EncodedItem.From(WordLists.ConstructionMaterials));
            case "First Name":
                return new ListGenerator(EncodedItem.From(WordLists.FirstNames));
            case "Last Name":
                return new ListGenerator(EncodedItem.From(WordLists.LastNames));
            case "State":
                return new ListGenerator(EncodedItem.From(WordLists.UsStates));
            case "Email Address":
                return new EmailAddressGenerator();
            case "Address Line 2":
                return new AddressLine2Generator();
            case "Template":
                return new TemplateGenerator(Text(definition, "value", null), resolve);
            case "Formula":
                return new FormulaGenerator(ExpressionParser.Parse(Text(definition, "value", null), resolve));
            default:
                throw new FormatException($"the type '{column.Type}' is not supported; supported types: {SupportedTypes}");
        }
    }

    private static FieldGenerator CustomList(JsonElement definition, Func<string, int> resolve)
    {
        if (!definition.TryGetProperty("values", out var valuesElement) || valuesElement.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("a Custom List needs a \"values\" array");
        }

        var values = valuesElement.EnumerateArray().Select(v => v.ValueKind switch
        {
            JsonValueKind.String => v.GetString()!,
            JsonValueKind.Number => v.GetRawText(),
            _ => throw new FormatException("\"values\" must hold strings"),
        }).ToArray();
        if (values.Length == 0)
        {
            throw new FormatException("\"values\" is empty");
        }

        var items = EncodedItem.From(values);
        var style = Text(definition, "selectionStyle", "random");
        switch (style)
        {
            case "random":
                return new ListGenerator(items);
            case "sequential":
                return new ListGenerator(items, sequential: true);
            case "custom":
                break;
            default:
                throw new FormatException($"the selectionStyle '{style}' is not supported; allowed values: random, sequential, custom");
        }

        if (!definition.TryGetProperty("distribution", out var distribution) || distribution.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("selectionStyle custom needs a \"distribution\" array");
        }

        var distributions = new List<(Expression?, WeightedChoice)>();
        var number = 0;
        foreach (var entry in distribution.EnumerateArray())
        {
            number++;
            Expression? rule = null;
            if (entry.TryGetProperty("rule", out var ruleElement) && ruleElement.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(ruleElement.GetString()))
            {
                try
                {
                    rule = ExpressionParser.Parse(ruleElement.GetString()!, resolve);
                }
                catch (FormatException ex)
                {
                    throw new FormatException($"distribution {number} rule \"{ruleElement.GetString()}\" is not valid: {ex.Message}");
                }
            }

            if (!entry.TryGetProperty("frequencies", out var frequencies) || frequencies.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"distribution {number} has no \"frequencies\" object");
            }

            var weights = new double[values.Length];
            foreach (var frequency in frequencies.EnumerateObject())
            {
                var index = System.Array.IndexOf(values, frequency.Name);
                if (index < 0)
                {
                    throw new FormatException($"distribution {number} gives a frequency to '{frequency.Name}', which is not in \"values\"");
                }

                var text = frequency.Value.ValueKind == JsonValueKind.String ? frequency.Value.GetString() : frequency.Value.GetRawText();
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) || weight < 0 || double.IsInfinity(weight))
                {
                    throw new FormatException($"distribution {number} frequency of '{frequency.Name}' must be a number ≥ 0, not '{text}'");
                }

                weights[index] = weight;
            }

            if (weights.All(w => w == 0))
            {
                throw new FormatException($"distribution {number} gives every value a frequency of zero");
            }

            distributions.Add((rule, new WeightedChoice(weights)));
        }

        return new CustomDistributionGenerator(items, distributions);
    }

    private static decimal Number(JsonElement definition, string property, decimal fallback)
    {
        if (!definition.TryGetProperty(property, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetDecimal(out var value))
        {
            return value;
        }

        if (element.ValueKind == JsonValueKind.String && decimal.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return value;
        }

        throw new FormatException($"\"{property}\" must be a number");
    }

    private static string Text(JsonElement definition, string property, string? fallback)
    {
        if (definition.TryGetProperty(property, out var element) && element.ValueKind == JsonValueKind.String && element.GetString()!.Length > 0)
        {
            return element.GetString()!;
        }

        return fallback ?? throw new FormatException($"\"{property}\" is required");
    }

    private static DateTime Date(JsonElement definition, string property, bool inclusiveEnd)
    {
        var text = Text(definition, property, null);
        if (!DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value))
        {
            throw new FormatException($"\"{property}\" '{text}' is not a date; use MM/dd/yyyy, yyyy-MM-dd or either with HH:mm:ss");
        }

        // A date without a time means the whole day: max "01/27/2025" includes 2025-01-27 23:59:59.
        return inclusiveEnd && value.TimeOfDay == TimeSpan.Zero && !text.Contains(':', StringComparison.Ordinal)
            ? value.AddDays(1).AddSeconds(-1)
            : value;
    }
}
