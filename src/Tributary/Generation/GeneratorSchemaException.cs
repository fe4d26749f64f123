namespace Tributary.Generation;

/// <summary>A schema column cannot be generated: an unsupported type, a bad setting, rule, formula or template.</summary>
public sealed class GeneratorSchemaException : Exception
{
    /// <summary>Creates the exception for a column.</summary>
    public GeneratorSchemaException(string? column, string reason)
        : base(column is null ? $"schema: {reason}" : $"schema column '{column}': {reason}")
    {
        Column = column;
        Reason = reason;
    }

    /// <summary>The column's full (dotted) name, or null for a problem with the schema as a whole.</summary>
    public string? Column { get; }

    /// <summary>What is wrong, without the column name.</summary>
    public string Reason { get; }
}
