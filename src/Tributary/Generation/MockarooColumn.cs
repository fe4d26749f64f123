using System.Text.Json;

namespace Tributary.Generation;

/// <summary>One column of a Mockaroo schema.</summary>
public sealed class MockarooColumn
{
    internal MockarooColumn(string name, string type, double nullPercentage, JsonElement definition)
    {
        Name = name;
        Type = type;
        NullPercentage = nullPercentage;
        Definition = definition;
    }

    /// <summary>The column name; dots nest it inside objects.</summary>
    public string Name { get; }

    /// <summary>The Mockaroo type name, e.g. <c>Number</c> or <c>Custom List</c>.</summary>
    public string Type { get; }

    /// <summary>How often, in percent, the value is null.</summary>
    public double NullPercentage { get; }

    /// <summary>The column's whole JSON object, for its type-specific settings.</summary>
    public JsonElement Definition { get; }
}
