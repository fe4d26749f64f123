namespace Tributary.Transform.Internal;

/// <summary>How the one-pass reader's byte scanner ended on a record.</summary>
internal enum OnePassScan
{
    /// <summary>The record is read: its values went to the sink and its lineage is known.</summary>
    Read,

    /// <summary>The token reader would leave the record to the document path too (a list, an escaped or repeated name, …).</summary>
    Declined,

    /// <summary>The scanner cannot vouch for what the token reader would do: the token reader reads the record.</summary>
    Unsure,
}
