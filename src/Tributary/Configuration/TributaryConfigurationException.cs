namespace Tributary.Configuration;

/// <summary>The configuration could not be read, or a key in it is unknown, mistyped or out of range.</summary>
public sealed class TributaryConfigurationException : Exception
{
    /// <summary>Creates the exception from one or more problems, each naming its full key.</summary>
    public TributaryConfigurationException(string? source, IReadOnlyList<string> errors)
        : base(Compose(source, errors))
    {
        Source = source;
        Errors = errors;
    }

    /// <summary>Creates the exception for a file that cannot be read or parsed.</summary>
    public TributaryConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    /// <summary>Each problem, one sentence naming the full key (<c>Section:Key</c>) and what is allowed.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string Compose(string? source, IReadOnlyList<string> errors)
    {
        var where = source is null ? "Invalid configuration" : $"Invalid configuration ({source})";
        return errors.Count == 1
            ? $"{where}: {errors[0]}"
            : $"{where}: {errors.Count} problems: {string.Join("; ", errors)}";
    }
}
