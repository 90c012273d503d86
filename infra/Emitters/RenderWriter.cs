using Infra.Model;

namespace Infra.Emitters;

/// <summary>
/// Writes <c>Main.yaml</c> and every embedded document under an output folder. Files are written to
/// a temporary sibling folder first and swapped in, so a failure leaves nothing half-written.
/// </summary>
public static class RenderWriter
{
    public const string MainFile = "Main.yaml";

    /// <summary>Marks a folder as written by render, so that the next render may replace it.</summary>
    public const string MarkerFile = ".infra-render";

    private const string MarkerText = "Written by 'dotnet run --project infra -- render'; the next render into this folder replaces all of it.\n";

    /// <summary>
    /// The files render writes, by relative path, in a stable order. A document that revises its earlier
    /// copy (the on-call calendar's SEQUENCE) gets it from <paramref name="earlierRender"/>, when that folder
    /// is an earlier render.
    /// </summary>
    public static SortedDictionary<string, string> Files(ResourceGraph graph, string program, string? earlierRender = null)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal) { [MainFile] = program };
        var earlier = earlierRender is not null && File.Exists(Path.Combine(earlierRender, MarkerFile)) ? earlierRender : null;
        foreach (var document in graph.Documents)
        {
            var copy = earlier is null ? null : Path.Combine(earlier, document.Path.Replace('/', Path.DirectorySeparatorChar));
            files[document.Path] = document.Revise is not null && copy is not null && File.Exists(copy)
                ? document.Revise(File.ReadAllText(copy))
                : document.Content;
        }

        return files;
    }

    public static void Write(string outDirectory, IReadOnlyDictionary<string, string> files)
    {
        var target = Path.GetFullPath(outDirectory);
        if (File.Exists(target))
        {
            throw new CompilationException($"--out {outDirectory}: is a file, not a folder; choose a new or empty folder (or an earlier render).");
        }

        if (Path.GetDirectoryName(target) is { } above && Ancestors(above).FirstOrDefault(File.Exists) is { } file)
        {
            throw new CompilationException($"--out {outDirectory}: {file} is a file, so no folder can be made below it; choose another folder.");
        }

        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !File.Exists(Path.Combine(target, MarkerFile)))
        {
            // Only a folder this command wrote is replaced: a Main.yaml alone could be anyone's project.
            throw new CompilationException($"--out {outDirectory}: the folder exists, is not empty and is not an earlier render (it has no {MarkerFile}); choose a new or empty folder.");
        }

        var parent = Path.GetDirectoryName(target) ?? throw new CompilationException($"--out {outDirectory}: not a folder path.");
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.render-{Environment.ProcessId}");
        var previous = Path.Combine(parent, $".{Path.GetFileName(target)}.previous-{Environment.ProcessId}");
        foreach (var leftover in new[] { staging, previous })
        {
            if (Directory.Exists(leftover))
            {
                Directory.Delete(leftover, true);
            }
        }

        try
        {
            foreach (var (relative, content) in files.Append(new(MarkerFile, MarkerText)))
            {
                var path = Path.Combine(staging, relative.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, content);
            }

            // Swap: the earlier render is moved aside, and moved back if the new one cannot take its place.
            if (Directory.Exists(target))
            {
                Directory.Move(target, previous);
            }

            try
            {
                Directory.Move(staging, target);
            }
            catch (Exception) when (Directory.Exists(previous) && !Directory.Exists(target))
            {
                Directory.Move(previous, target);
                throw;
            }
        }
        finally
        {
            foreach (var temporary in new[] { staging, previous })
            {
                if (Directory.Exists(temporary))
                {
                    Directory.Delete(temporary, true);
                }
            }
        }
    }

    private static IEnumerable<string> Ancestors(string folder)
    {
        for (var dir = folder; !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
        {
            yield return dir;
        }
    }
}
