namespace Tributary.Storage.Internal;

/// <summary>Checks object keys and maps them to file paths without letting any key leave the store's root.</summary>
internal static class ObjectKeys
{
    public static void Validate(string key, bool allowEmpty = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            if (allowEmpty)
            {
                return;
            }

            throw new ArgumentException("An object key cannot be empty.", nameof(key));
        }

        if (key[0] == '/' || key.Contains('\\') || key.Contains('\0'))
        {
            throw new ArgumentException($"Invalid object key '{key}': keys use '/' separators, do not start with '/' and contain no NUL or '\\'.", nameof(key));
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment is "." or "..")
            {
                throw new ArgumentException($"Invalid object key '{key}': '.' and '..' segments are not allowed.", nameof(key));
            }
        }
    }

    public static string ToPath(string root, string key)
    {
        Validate(key);
        if (key.EndsWith('/') || key.Contains("//", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Invalid object key '{key}': empty path segments are not allowed.", nameof(key));
        }

        return Path.Combine(root, key.Replace('/', Path.DirectorySeparatorChar));
    }
}
