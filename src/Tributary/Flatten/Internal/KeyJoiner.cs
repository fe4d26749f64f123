using System.Text.Json;

namespace Tributary.Flatten.Internal;

/// <summary>Builds flattened keys: <c>str.join(separator, path)</c>.</summary>
internal sealed class KeyJoiner
{
    public string Separator { get; set; } = "_";

    public string Intern(JsonProperty member) => member.Name;

    public string Join(string parent, JsonProperty member) => Join(parent, member.Name);

    public string Join(string parent, string name) => string.Concat(parent, Separator, name);
}
