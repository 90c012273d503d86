using Infra.Model;

namespace Infra.Emitters;

/// <summary>
/// Writes <c>Main.yaml</c> and every embedded document under an output folder. Files are written to
/// a temporary sibling folder first and swapped in, so a failure leaves nothing half-written.
/// </summary>
public static class RenderWriter
{
    public const string MainFile = "Main.yaml";

    /// <summary>The files render writes, by relative path, in a stable order.</summary>
    public static SortedDictionary<string, string> Files(ResourceGraph graph, string program)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal) { [MainFile] = program };
        foreach (var document in graph.Documents)
        {
            files[document.Path] = document.Content;
        }

        return files;
    }

    public static void Write(string outDirectory, IReadOnlyDictionary<string, string> files)
    {
        var target = Path.GetFullPath(outDirectory);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !File.Exists(Path.Combine(target, MainFile)))
        {
            throw new CompilationException($"--out {outDirectory}: the folder exists, is not empty and holds no {MainFile} from an earlier render; choose a new or empty folder.");
        }

        var parent = Path.GetDirectoryName(target) ?? throw new CompilationException($"--out {outDirectory}: not a folder path.");
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.render-{Environment.ProcessId}");
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, true);
        }

        try
        {
            foreach (var (relative, content) in files)
            {
                var path = Path.Combine(staging, relative.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, content);
            }

            if (Directory.Exists(target))
            {
                Directory.Delete(target, true);
            }

            Directory.Move(staging, target);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, true);
            }
        }
    }
}
