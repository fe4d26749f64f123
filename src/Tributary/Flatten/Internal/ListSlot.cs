using System.Text.Json;

namespace Tributary.Flatten.Internal;

/// <summary>A list value found at <paramref name="Position"/> of an item, and the values it explodes into.</summary>
/// <param name="Position">The list's position among the item's keys.</param>
/// <param name="Count">How many rows it contributes to the product.</param>
/// <param name="Elements">Its elements, or null when it collapses to one null (empty, or all falsy in compat mode).</param>
/// <param name="ElementDepth">The nesting depth of its elements.</param>
internal readonly record struct ListSlot(int Position, int Count, JsonElement[]? Elements, int ElementDepth);
