using System.ComponentModel;
using System.Diagnostics;
using Infra.Model;

namespace Infra.Diff;

/// <summary>Runs git and dotnet for <c>diff</c>: arguments passed as a list (no shell), output captured, bounded time.</summary>
public static class ChildProcess
{
    public static ProcessResult Run(string program, string workingDirectory, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new CompilationException($"could not start {program}.");
        }
        catch (Win32Exception)
        {
            throw new CompilationException($"{program} is not installed or not on PATH; diff needs it.");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new CompilationException($"'{program} {string.Join(' ', start.ArgumentList)}' did not finish within {timeout.TotalMinutes:0} minutes and was stopped.");
            }

            return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
