namespace Infra.Tests.Support;

/// <summary>
/// What a test with real servers owns: a fresh scratch folder and the processes it started there, all
/// stopped and removed on dispose.
/// </summary>
public sealed class ScratchProcesses : IDisposable
{
    private readonly List<BackgroundProcess> _processes = [];

    /// <param name="prefix">Names the folder under the temporary directory, so a leftover says which test made it.</param>
    public ScratchProcesses(string prefix)
    {
        Folder = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public BackgroundProcess Start(string tool, params string[] args) => Start(tool, new Dictionary<string, string>(), args);

    public BackgroundProcess Start(string tool, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var process = new BackgroundProcess(tool, environment, args);
        _processes.Add(process);
        return process;
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        Directory.Delete(Folder, true);
    }
}
