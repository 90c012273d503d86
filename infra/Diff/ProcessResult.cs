namespace Infra.Diff;

/// <summary>Exit code and captured output of a finished child process.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The last lines of stderr (or stdout when stderr is empty), for error messages.</summary>
    public string Tail(int lines = 15)
    {
        var text = (Stderr.Trim().Length > 0 ? Stderr : Stdout).TrimEnd();
        var all = text.Split('\n');
        return string.Join("\n", all.Skip(Math.Max(0, all.Length - lines)).Select(l => $"    {l.TrimEnd('\r')}"));
    }
}
