using System.Diagnostics;
using System.Text;

namespace Infra.Tests.Support;

/// <summary>A server process for an end-to-end test (Prometheus, Alertmanager, node-exporter), stopped on dispose.</summary>
public sealed class BackgroundProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    public BackgroundProcess(string tool, params string[] args)
        : this(tool, new Dictionary<string, string>(), args)
    {
    }

    public BackgroundProcess(string tool, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        Name = tool;
        var start = new ProcessStartInfo(Tools.Find(tool) ?? throw new InvalidOperationException($"{tool} is not installed"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Waits until GET <paramref name="url"/> answers 200, or fails with the process log.</summary>
    public void WaitUntilReady(string url, TimeSpan timeout)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var ceiling = Patience.For(timeout);
        var deadline = DateTime.UtcNow + ceiling;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new Xunit.Sdk.XunitException($"{Name} exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                if (client.GetAsync(new Uri(url)).GetAwaiter().GetResult().IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow to answer; try again.
            }

            Thread.Sleep(200);
        }

        throw new Xunit.Sdk.XunitException($"{Name} was not ready at {url} within {ceiling} (expected within {timeout}):\n{Log}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
