namespace Tributary.TestSupport;

/// <summary>
/// Finds the project's shared reference folder (Spark-written Delta tables, the seed schema). It sits beside the
/// clone as <c>../shared</c> in CI and on developer machines; a user's clone does not have it, and the tests that
/// need it skip, except under CI where it must be present.
/// </summary>
internal static class SharedFolder
{
    private static readonly Lazy<string?> Root = new(Locate);

    /// <summary>The shared folder, or null when it is absent.</summary>
    public static string? Path => Root.Value;

    /// <summary>Returns a path inside the shared folder, or skips the test (fails under CI) when the folder is absent.</summary>
    public static string Require(params string[] parts)
    {
        if (Path is null)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException("CI=true but the shared reference folder (../shared beside the clone) was not found.");
            }

            Skip.If(true, "The shared reference folder (../shared beside the clone) is absent; this test needs its Delta tables or seed files.");
        }

        return System.IO.Path.Combine([Path!, .. parts]);
    }

    private static string? Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("TRIBUTARY_SHARED");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared");
            if (File.Exists(System.IO.Path.Combine(candidate, "DESIGN.md")))
            {
                return candidate;
            }
        }

        return null;
    }
}
