using System.Diagnostics;
using Tributary.TestSupport;

namespace Tributary.Aws.Tests.Deployment;

/// <summary>Validates <c>deploy/template.yaml</c> with cfn-lint, the CloudFormation linter.</summary>
public sealed class TemplateTests
{
    internal static string TemplatePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "deploy", "template.yaml");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("deploy/template.yaml was not found above the test folder.");
    }

    /// <summary>Runs cfn-lint on several files in one process (it is slow to start); its exit code is a bit set: 1 fatal, 2 error, 4 warning, 8 informational.</summary>
    private static (int ExitCode, string Output) Lint(params string[] paths)
    {
        var start = new ProcessStartInfo("cfn-lint") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var path in paths)
        {
            start.ArgumentList.Add(path);
        }

        System.Diagnostics.Process process;
        try
        {
            process = System.Diagnostics.Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            const string message = "cfn-lint is not installed (pip install cfn-lint).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException("CI=true: " + message);
            }

            Skip.If(true, message);
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr);
        }
    }

    [SkippableFact]
    public void Template_PassesCfnLint_AndTheLinterCatchesABrokenCopy()
    {
        using var temp = new TempDirectory("template");
        var broken = temp.Combine("broken.yaml");
        File.WriteAllText(broken, File.ReadAllText(TemplatePath()).Replace("StartingPosition: TRIM_HORIZON", "StartingPosition: SOMEWHERE", StringComparison.Ordinal));
        var good = TemplatePath();

        var (exitCode, output) = Lint(good, broken);

        // Every finding belongs to the broken copy: the real template has no error, warning or informational finding.
        var findings = output.Split('\n').Where(line => line.Contains(".yaml:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(findings);
        Assert.All(findings, line => Assert.StartsWith(broken, line, StringComparison.Ordinal));
        Assert.True((exitCode & 2) != 0, $"expected an error for the broken copy, got exit code {exitCode}:\n{output}");
        Assert.Contains("SOMEWHERE", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_HasNoWildcardActionsAndTheRequiredSafeguards()
    {
        var text = File.ReadAllText(TemplatePath());

        // The only "*" principal/action is the deny-insecure-transport statement of the bucket policy.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "Action: \"s3:\\*\""));
        Assert.DoesNotContain("Resource: \"*\"", text, StringComparison.Ordinal);
        Assert.Contains("aws:SecureTransport: \"false\"", text, StringComparison.Ordinal);
        Assert.Contains("BlockPublicPolicy: true", text, StringComparison.Ordinal);
        Assert.Contains("- ReportBatchItemFailures", text, StringComparison.Ordinal);
        Assert.Contains("BisectBatchOnFunctionError: true", text, StringComparison.Ordinal);
        Assert.Contains("AttributeName: expireTime", text, StringComparison.Ordinal);
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Matches(text, "Runtime: dotnet10").Count);
    }

    [Fact]
    public void FunctionEnvironments_AreValidTributaryConfiguration()
    {
        // Each function's TRIBUTARY__* variables, with CloudFormation references replaced by sample values, must load.
        var text = File.ReadAllText(TemplatePath());
        var functions = System.Text.RegularExpressions.Regex.Split(text, @"\n  \w+Function:\n    Type: AWS::Lambda::Function\n").Skip(1).ToList();
        Assert.Equal(4, functions.Count);
        foreach (var function in functions)
        {
            var environment = System.Text.RegularExpressions.Regex.Matches(function, @"\n +(TRIBUTARY__\w+): (.+)")
                .ToDictionary(m => m.Groups[1].Value, m => (string?)Sample(m.Groups[2].Value.Trim()));
            Assert.NotEmpty(environment);
            using var temp = new TempDirectory("lambda-config");

            var options = Tributary.Configuration.TributaryConfigurationLoader.Load(null, temp.Path, environment);

            Assert.Equal("retail", options.Pipeline);
            if (environment.ContainsKey("TRIBUTARY__Storage__ObjectStore__Bucket"))
            {
                Assert.Equal(Tributary.Configuration.ObjectStoreTransport.S3, options.Storage.ObjectStore.Transport);
                Assert.Equal("tributary-retail-123456789012-eu-west-1", options.Storage.ObjectStore.Bucket);
            }
        }
    }

    private static string Sample(string value) => value switch
    {
        "!Ref PipelineName" => "retail",
        "!Ref RecordStream" => "tributary-retail-records",
        "!Ref CommitTable" => "delta_log",
        _ when value.StartsWith("!Sub ", StringComparison.Ordinal) => value[5..].Trim('"')
            .Replace("${PipelineName}", "retail", StringComparison.Ordinal)
            .Replace("${AWS::AccountId}", "123456789012", StringComparison.Ordinal)
            .Replace("${AWS::Region}", "eu-west-1", StringComparison.Ordinal),
        _ => value,
    };
}
