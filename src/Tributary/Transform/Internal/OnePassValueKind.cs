namespace Tributary.Transform.Internal;

/// <summary>What a scalar value handed to an <see cref="IOnePassValueSink"/> is, as far as a sink needs to know.</summary>
internal enum OnePassValueKind
{
    /// <summary>JSON <c>null</c>.</summary>
    Null,

    /// <summary>A string without escape sequences: its text is the bytes between the quotes.</summary>
    String,

    /// <summary>A string with at least one escape sequence: its text must be unescaped.</summary>
    EscapedString,

    /// <summary>A number, <c>true</c> or <c>false</c>: staged as written.</summary>
    Verbatim,
}
