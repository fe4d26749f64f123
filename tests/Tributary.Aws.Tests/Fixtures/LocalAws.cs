using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Tributary.Configuration;

namespace Tributary.Aws.Tests.Fixtures;

/// <summary>
/// Starts, once per test run, the local AWS-API servers the tests talk to, on 127.0.0.1 only: moto (S3, DynamoDB,
/// Firehose, CloudWatch) and kinesalite (Kinesis). A missing tool skips the test with what to install; under
/// CI=true it fails instead.
/// </summary>
internal static class LocalAws
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Task<LocalServer>? _moto;
    private static Task<LocalServer>? _kinesalite;
    private static Task<LocalServer>? _serialMoto;

    /// <summary>
    /// Runs moto's own entry point (what <c>python3 -m moto.server</c> runs) and exits when standard input closes, so
    /// a test host that is killed without running its exit handlers cannot leave a server behind.
    /// </summary>
    private const string MotoLauncher =
        "import os, sys, threading, moto.server as m\n" +
        "threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()\n" +
        "m.main(sys.argv[1:])\n";

    /// <summary>
    /// The same, with werkzeug's threading turned off. moto checks S3 <c>If-None-Match</c> and DynamoDB condition
    /// expressions and then writes, in two steps; under its threaded server two racing requests can both pass the
    /// check. Real S3 and DynamoDB decide atomically, and so does a server that handles one request at a time, so
    /// the commit-race tests use this one.
    /// </summary>
    private const string SerialMotoLauncher =
        "import werkzeug.serving as s, moto.server as m\n" +
        "run = s.run_simple\n" +
        "m.run_simple = lambda *a, **k: run(*a, **{**k, 'threaded': False})\n" +
        MotoLauncher;

    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The moto server, started on first use.</summary>
    public static async Task<LocalServer> MotoAsync()
    {
        RequireTool("python3", ["-c", "import moto.server"], "python3 with moto[server] (pip install 'moto[server]==5.2.1')");
        await Gate.WaitAsync();
        try
        {
            _moto ??= StartMotoAsync(serial: false);
        }
        finally
        {
            Gate.Release();
        }

        return await _moto;
    }

    /// <summary>A moto server that handles one request at a time (see <see cref="SerialMotoLauncher"/>).</summary>
    public static async Task<LocalServer> SerialMotoAsync()
    {
        RequireTool("python3", ["-c", "import moto.server"], "python3 with moto[server] (pip install 'moto[server]==5.2.1')");
        await Gate.WaitAsync();
        try
        {
            _serialMoto ??= StartMotoAsync(serial: true);
        }
        finally
        {
            Gate.Release();
        }

        return await _serialMoto;
    }

    /// <summary>The kinesalite server, started on first use (runs <c>npm ci</c> in tools/kinesalite when needed).</summary>
    public static async Task<LocalServer> KinesaliteAsync()
    {
        RequireTool("node", ["--version"], "Node.js 18+ and npm (apt-get install nodejs npm)");
        await Gate.WaitAsync();
        try
        {
            _kinesalite ??= StartKinesaliteAsync();
        }
        finally
        {
            Gate.Release();
        }

        return await _kinesalite;
    }

    /// <summary>Options that point every AWS service at the local servers.</summary>
    public static async Task<AwsOptions> OptionsAsync(bool kinesis = false, bool serial = false)
    {
        var moto = serial ? await SerialMotoAsync() : await MotoAsync();
        var options = new AwsOptions
        {
            Region = "us-east-1",
            EndpointUrl = moto.Endpoint.ToString(),
            S3ForcePathStyle = true,
            MaxRetries = 4,
            RetryBaseDelayMilliseconds = 10,
            MaxRetryDelayMilliseconds = 200,
            MultipartPartSizeMiB = 5,
        };
        if (kinesis)
        {
            options.KinesisEndpointUrl = (await KinesaliteAsync()).Endpoint.ToString();
        }

        return options;
    }

    /// <summary>A unique, valid resource name for one test.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 60)];

    private static void RequireTool(string file, string[] arguments, string install)
    {
        if (ToolWorks(file, arguments))
        {
            return;
        }

        var message = $"This test needs {install}; '{file}' was not found or failed.";
        if (InCi)
        {
            throw new InvalidOperationException("CI=true: " + message);
        }

        Skip.If(true, message);
    }

    private static bool ToolWorks(string file, string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = System.Diagnostics.Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static async Task<LocalServer> StartMotoAsync(bool serial)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("python3") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        string[] entry = ["-c", serial ? SerialMotoLauncher : MotoLauncher];
        foreach (var argument in entry.Concat(["-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            start.ArgumentList.Add(argument);
        }

        var process = System.Diagnostics.Process.Start(start)!;
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var endpoint = new Uri($"http://127.0.0.1:{port}/");
        var server = new LocalServer(process, endpoint, serial ? "moto (serial)" : "moto");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"moto exited with code {process.ExitCode}: {Snapshot(log)}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(endpoint, "moto-api/"));
                if (response.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        server.Dispose();
        throw new InvalidOperationException($"moto did not answer on {endpoint} within 60 s: {Snapshot(log)}");
    }

    private static async Task<LocalServer> StartKinesaliteAsync()
    {
        var folder = KinesaliteFolder();
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "kinesalite")))
        {
            await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--ignore-scripts"], folder, "npm ci in tools/kinesalite");
        }

        var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = folder };
        start.ArgumentList.Add("server.js");
        start.ArgumentList.Add("0");
        var process = System.Diagnostics.Process.Start(start)!;
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) => Append(errors, e.Data);
        process.BeginErrorReadLine();

        var readLine = process.StandardOutput.ReadLineAsync();
        var finished = await Task.WhenAny(readLine, Task.Delay(TimeSpan.FromSeconds(30)));
        var line = finished == readLine ? await readLine : null;
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"kinesalite did not start: {line} {Snapshot(errors)}");
        }

        // Keep draining stdout so the child never blocks on a full pipe.
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        return new LocalServer(process, new Uri($"http://127.0.0.1:{line["listening ".Length..].Trim()}/"), "kinesalite");
    }

    private static string KinesaliteFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tools", "kinesalite");
            if (File.Exists(Path.Combine(candidate, "package-lock.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tools/kinesalite (package.json, package-lock.json, server.js) was not found above the test folder.");
    }

    private static async Task RunAsync(string file, string[] arguments, string folder, string what)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed with exit code {process.ExitCode}: {await stdout} {await stderr}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            if (log.Length < 8000)
            {
                log.AppendLine(line);
            }
        }
    }

    private static string Snapshot(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }
}
