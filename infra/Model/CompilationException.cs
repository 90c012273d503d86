namespace Infra.Model;

/// <summary>
/// Bad input: every problem found, each a full sentence naming the stack, the key or file, and the
/// fix. The CLI prints them to stderr and exits non-zero without writing anything.
/// </summary>
public sealed class CompilationException : Exception
{
    public CompilationException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    public CompilationException(string problem)
        : this([problem])
    {
    }

    public CompilationException()
        : this("compilation failed")
    {
    }

    public CompilationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public IReadOnlyList<string> Problems { get; } = [];
}
