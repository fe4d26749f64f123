using Tributary.TestSupport;

namespace Tributary.Delta.Tests.Conformance;

/// <summary>A writable copy of a shared table in a temp folder (shared/ is read-only).</summary>
internal static class GoldenCopy
{
    public static TempDirectory Of(string table)
    {
        var source = SharedFolder.Require(["delta", .. table.Split('/')]);
        var copy = new TempDirectory("delta-golden");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy.Path, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }
}
