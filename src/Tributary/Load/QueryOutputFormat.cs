namespace Tributary.Load;

/// <summary>How <c>tributary query</c> prints rows.</summary>
public enum QueryOutputFormat
{
    /// <summary>An aligned text table with a header, for people.</summary>
    Table,

    /// <summary>RFC 4180 CSV with a header row; NULL is an empty field.</summary>
    Csv,

    /// <summary>A JSON array of objects, one per row.</summary>
    Json,
}
