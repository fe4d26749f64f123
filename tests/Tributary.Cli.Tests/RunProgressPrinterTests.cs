using System.Text.RegularExpressions;
using Tributary.Cli.Commands;
using Tributary.Runtime;

namespace Tributary.Cli.Tests;

public sealed class RunProgressPrinterTests
{
    // A run as LocalPipeline reports it: extract and process side by side, process shown once extract is done.
    private static readonly RunProgress[] Reports =
    [
        new("extract", 500),
        new("extract", 1_000),
        new("extract", 1_500),
        new("process", 0),
        new("process", 1_500),
        new("flush", 0),
        new("flush", 1_500),
        new("load", 0),
        new("load", 1_500),
    ];

    [Fact]
    public void Plain_lines_show_each_stage_with_its_last_count_not_the_count_at_its_start()
    {
        var error = new StringWriter();
        var printer = new RunProgressPrinter(error, terminal: false, quiet: false);

        foreach (var report in Reports)
        {
            printer.Report(report);
        }

        printer.Complete();

        // The reports come faster than the 5 s interval of plain lines: one line per stage, when it ends.
        Assert.Equal(
            ["extract 1,500", "process 1,500", "flush 1,500", "load 1,500"],
            Lines(error.ToString()).Select(StageAndCount));
    }

    [Fact]
    public void The_terminal_line_a_stage_leaves_behind_shows_its_last_count()
    {
        var error = new StringWriter();
        var printer = new RunProgressPrinter(error, terminal: true, quiet: false);

        foreach (var report in Reports)
        {
            printer.Report(report);
        }

        printer.Complete();

        // Each line is rewritten in place ("\r"); what stays on screen is the text after the last "\r" of each line.
        var shown = Lines(error.ToString()).Select(line => StageAndCount(line[(line.LastIndexOf('\r') + 1)..]));
        Assert.Equal(["extract 1,500", "process 1,500", "flush 1,500", "load 1,500"], shown);
    }

    [Fact]
    public void Quiet_prints_nothing()
    {
        var error = new StringWriter();
        var printer = new RunProgressPrinter(error, terminal: false, quiet: true);
        printer.Report(new RunProgress("extract", 1));
        printer.Complete();
        Assert.Equal("", error.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string StageAndCount(string line)
    {
        var match = Regex.Match(line, @"^(\w+)\s+([\d,]+) records\s+\d+\.\d s\s*$");
        Assert.True(match.Success, $"not a progress line: '{line}'");
        return $"{match.Groups[1].Value} {match.Groups[2].Value}";
    }
}
