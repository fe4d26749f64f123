using System.Diagnostics;

namespace Tributary.Aws.Tests.Fixtures;

/// <summary>A child process serving an AWS API on 127.0.0.1; killed (with its children) when disposed or when the test host exits.</summary>
internal sealed class LocalServer : IDisposable
{
    private readonly System.Diagnostics.Process _process;

    public LocalServer(System.Diagnostics.Process process, Uri endpoint, string name)
    {
        _process = process;
        Endpoint = endpoint;
        Name = name;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    public Uri Endpoint { get; }

    public string Name { get; }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
