using System.Diagnostics;

namespace Infra.Tests.Support;

/// <summary>
/// Runs one of tests/promql's node scripts over a batch in one process: the batch as JSON on stdin, the
/// answer as JSON on stdout (the PromQL grammar of <see cref="PromqlParser"/>, the CEL evaluator of
/// <see cref="CelEvaluator"/>). The npm packages are installed first when missing.
/// </summary>
public static class NodeScript
{
    /// <summary>The script's stdout; fails with its stderr when it exits non-zero.</summary>
    public static string Run(string script, string input)
    {
        PromqlParser.EnsureInstalled();
        var node = Tools.Find("node") ?? throw new InvalidOperationException("node is not installed (apt-get install nodejs npm, or run .ci/run)");
        var start = new ProcessStartInfo(node)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = PromqlParser.HelperDirectory,
        };
        start.ArgumentList.Add(Path.Combine(PromqlParser.HelperDirectory, script));
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        // A ceiling for a hung script, not a timing: a loaded machine must make the run slower, never red.
        if (!process.WaitForExit(Tools.Ceiling))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tests/promql/{script} did not finish within {Tools.Ceiling.TotalMinutes} minutes: it hangs");
        }

        return process.ExitCode == 0
            ? stdout.Result
            : throw new InvalidOperationException($"tests/promql/{script} exited with {process.ExitCode}: {stderr.Result}");
    }
}
