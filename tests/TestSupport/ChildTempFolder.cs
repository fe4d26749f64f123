using System.Diagnostics;

namespace Tributary.TestSupport;

/// <summary>
/// Points a child process's temp folder (<c>TMPDIR</c>) into a test's own folder. A child the test kills cannot delete
/// its temp files (the load's local cache, dimension CSVs); inside the test's folder, the folder's cleanup takes them.
/// </summary>
internal static class ChildTempFolder
{
    public static void Use(ProcessStartInfo start, string testFolder) =>
        start.Environment["TMPDIR"] = Directory.CreateDirectory(Path.Combine(testFolder, ".child-tmp")).FullName;
}
