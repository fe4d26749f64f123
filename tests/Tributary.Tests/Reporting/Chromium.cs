
using Tributary.TestSupport;

namespace Tributary.Tests.Reporting;

/// <summary>
/// Headless Chromium for rendering tests. Absent: the test skips, except under CI=true where it must be installed
/// (<c>apt-get install -y chromium</c>).
/// </summary>
internal static class Chromium
{
    private static readonly Lazy<string?> Binary = new(Locate);

    public static string Require()
    {
        if (Binary.Value is { } found)
        {
            return found;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("CI=true but chromium is not installed (apt-get install -y chromium).");
        }

        Skip.If(true, "chromium is not installed (apt-get install -y chromium); the rendering test needs it.");
        return string.Empty;
    }

    /// <summary>Takes a screenshot of a local HTML file and returns the PNG bytes.</summary>
    public static async Task<byte[]> ScreenshotAsync(string htmlPath, int width, int height)
    {
        using var profile = new TempDirectory("chromium-profile");
        var png = profile.Combine("shot.png");
        await RunAsync(profile.Path, $"--screenshot={png}", $"--window-size={width},{height}", "--hide-scrollbars", new Uri(htmlPath).AbsoluteUri);
        return await File.ReadAllBytesAsync(png);
    }

    /// <summary>Loads a local HTML file and returns the DOM as Chromium serialises it after rendering.</summary>
    public static async Task<string> DumpDomAsync(string htmlPath)
    {
        using var profile = new TempDirectory("chromium-profile");
        return await RunAsync(profile.Path, "--dump-dom", new Uri(htmlPath).AbsoluteUri);
    }

    private static async Task<string> RunAsync(string profile, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Require())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={profile}", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("chromium did not finish within 90 s: " + await stderr);
        }

        Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    private static string? Locate()
    {
        foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome" })
        {
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
