using System.Text.Json;

namespace Tributary.Records.Internal;

/// <summary>
/// Where a field's value lies in a record's bytes, as written: a string's body without its quotes (escapes kept), a
/// number or literal whole. <see cref="JsonTokenType.None"/> when the field is missing or null;
/// <see cref="JsonTokenType.StartObject"/> or <see cref="JsonTokenType.StartArray"/> (with no position) when the value
/// is an object or an array, which the caller reads again if it needs it.
/// </summary>
internal readonly record struct FieldValue(JsonTokenType Type, int Start, int Length);
