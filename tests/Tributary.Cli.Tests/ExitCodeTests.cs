using System.Diagnostics;
using System.Text.Json;
using Tributary.TestSupport;

namespace Tributary.Cli.Tests;

public sealed class ExitCodeTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("generate", "--help")]
    [InlineData("--version")]
    public async Task Help_and_version_exit_0(params string[] args)
    {
        var run = await CliRun.InvokeAsync(args);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.NotEqual("", run.Out);
    }

    [Theory]
    [InlineData("Unrecognized command or argument '--bogus'.", "tributary --help", "--bogus")]
    [InlineData("Unrecognized command or argument 'frobnicate'.", "tributary --help", "frobnicate")]
    [InlineData("Required command was not provided.", "tributary --help")]
    [InlineData("--rows: 'many' is not a whole number.", "tributary generate --help", "generate", "--rows", "many")]
    [InlineData("--rows must be at least 0, not -1.", "tributary generate --help", "generate", "--rows", "-1")]
    [InlineData("--files must be at least 1, not 0.", "tributary generate --help", "generate", "--files", "0")]
    [InlineData("--format: 'xml' is not a file layout; allowed values: array, jsonl.", "tributary generate --help", "generate", "--format", "xml")]
    [InlineData("--report: 'yaml' is not a report format; allowed values: text, json.", "tributary generate --help", "generate", "--report", "yaml")]
    public async Task Usage_errors_exit_2_with_one_line_on_stderr(string message, string help, params string[] args)
    {
        var run = await CliRun.InvokeAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Equal([$"tributary: {message} (see '{help}')"], run.ErrorLines);
    }

    [Fact]
    public async Task A_failing_command_exits_1_with_one_line_and_no_stack_trace()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.Combine("bad.json"), """{ "columns": [ { "name": "Coin", "type": "Bitcoin Address" } ] }""");

        var run = await CliRun.InvokeAsync("generate", "--schema", folder.Combine("bad.json"), "--out", folder.Combine("out"), "--rows", "1");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("tributary: error: schema column 'Coin': the type 'Bitcoin Address' is not supported; supported types: Number,", line);
    }

    [Fact]
    public async Task Verbose_adds_the_stack_trace()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.Combine("bad.json"), """{ "columns": [ { "name": "Coin", "type": "Bitcoin Address" } ] }""");

        var run = await CliRun.InvokeAsync("generate", "--verbose", "--schema", folder.Combine("bad.json"), "--out", folder.Combine("out"));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("tributary: error: schema column 'Coin'", run.ErrorLines[0]);
        Assert.Contains(run.ErrorLines, l => l.Contains("GeneratorSchemaException", StringComparison.Ordinal));
        Assert.Contains(run.ErrorLines, l => l.TrimStart().StartsWith("at Tributary.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_invalid_configuration_exits_1_naming_the_key()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.Combine("tributary.json"), """{ "Storage": { "ObjectStore": { "Transport": "ftp" } } }""");

        var run = await CliRun.InvokeAsync("generate", "--config", folder.Combine("tributary.json"), "--out", folder.Combine("out"));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["tributary: error: Invalid configuration (tributary.json): 'Storage:ObjectStore:Transport': 'ftp' is not allowed; allowed values: local, s3"], run.ErrorLines);
    }

    [Fact]
    public async Task The_configured_data_root_is_the_default_output()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.Combine("tributary.json"), """{ "Storage": { "DataRoot": "lake" } }""");

        var run = await CliRun.InvokeAsync("generate", "--config", folder.Combine("tributary.json"), "--rows", "3", "--seed", "1", "--report", "json");

        Assert.Equal(0, run.ExitCode);
        var report = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal(folder.Combine("lake", "source"), report.GetProperty("out").GetString());
        Assert.Equal("built-in:retail", report.GetProperty("schema").GetString());
        Assert.Equal(3, report.GetProperty("records").GetInt64());
        Assert.True(File.Exists(folder.Combine("lake", "source", "retail-00001.json")));
    }

    [Fact]
    public void The_real_binary_returns_the_exit_codes()
    {
        var binary = Path.Combine(AppContext.BaseDirectory, "Tributary.Cli.dll");

        var usage = RunProcess(binary, "--bogus");
        var ok = RunProcess(binary, "--version");

        Assert.Equal(2, usage.ExitCode);
        Assert.Equal(["tributary: Unrecognized command or argument '--bogus'. (see 'tributary --help')"], usage.ErrorLines);
        Assert.Equal(0, ok.ExitCode);
    }

    private static CliRun RunProcess(string binary, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(binary);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new CliRun(process.ExitCode, output.Result, error.Result);
    }
}
