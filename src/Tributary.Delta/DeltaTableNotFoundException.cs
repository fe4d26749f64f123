namespace Tributary.Delta;

/// <summary>No Delta table exists at the location: there is no <c>_delta_log</c> with a commit or a checkpoint.</summary>
public sealed class DeltaTableNotFoundException : DeltaException
{
    /// <summary>Creates the error for a table location.</summary>
    public DeltaTableNotFoundException(string location)
        : base($"No Delta table at '{location}': _delta_log has no commit or checkpoint.")
    {
        Location = location;
    }

    /// <summary>The table location that was looked at.</summary>
    public string Location { get; }
}
