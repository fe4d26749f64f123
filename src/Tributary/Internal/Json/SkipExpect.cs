namespace Tributary.Internal.Json;

/// <summary>What the JSON grammar allows next at a token boundary.</summary>
internal enum SkipExpect : byte
{
    /// <summary>A value (after a <c>:</c>, or a <c>,</c> in an array).</summary>
    Value,

    /// <summary>A value or <c>]</c> (just after <c>[</c>).</summary>
    ValueOrEndArray,

    /// <summary>A member name or <c>}</c> (just after <c>{</c>).</summary>
    NameOrEndObject,

    /// <summary>A member name (after a <c>,</c> in an object).</summary>
    Name,

    /// <summary>The <c>:</c> after a member name.</summary>
    Colon,

    /// <summary>A <c>,</c> or the end of the innermost container (after a value).</summary>
    CommaOrEnd,
}
