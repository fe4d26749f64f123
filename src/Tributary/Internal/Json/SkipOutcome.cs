namespace Tributary.Internal.Json;

/// <summary>How a <see cref="JsonSkipper"/> run ended.</summary>
internal enum SkipOutcome
{
    /// <summary>The value is complete and valid; <see cref="JsonSkipState.Position"/> is just past its last byte.</summary>
    Done,

    /// <summary>The data ends inside the value; <see cref="JsonSkipState.Position"/> is where to go on once more data is appended.</summary>
    NeedMore,

    /// <summary>
    /// The skipper cannot vouch for the data (it is not valid JSON, or nests deeper than the skipper tracks): the
    /// caller reads it with <c>Utf8JsonReader</c>, which decides and words any error.
    /// </summary>
    Unsure,
}
