using Infra.Model;

namespace Infra.Diff;

/// <summary>
/// A base commit's exported tree and its built compiler, kept for the next <c>diff</c> against the same
/// commit: the usual loop (change, diff against main, change, diff again) and CI's per-stack diffs then
/// export and build the base once. An entry is one folder per commit and runtime under the project's
/// <c>obj/diff-base/</c> (ignored by git like every <c>obj/</c>); it is used only once the step that
/// wrote it finished (a marker file written last), and a lock file per entry keeps two diffs from
/// exporting or building the same commit at once. The newest <see cref="Kept"/> entries stay.
/// </summary>
public sealed class BaseBuildCache : IDisposable
{
    /// <summary>How many base builds stay cached (each is the project's tree plus one Release build).</summary>
    public const int Kept = 4;

    /// <summary>The marker a finished build leaves: its content is a build id, new for every build.</summary>
    public const string BuiltMarker = ".built";

    private const string ExportedMarker = ".exported";
    private const string LockFile = ".lock";
    private static readonly TimeSpan LockWait = TimeSpan.FromMinutes(15);

    private readonly FileStream _lock;

    private BaseBuildCache(string folder, FileStream lockStream)
    {
        Folder = folder;
        _lock = lockStream;
    }

    /// <summary>The entry's folder: the exported tree is <see cref="Tree"/>, the markers and lock beside it.</summary>
    public string Folder { get; }

    /// <summary>The commit's tree, as git archive wrote it.</summary>
    public string Tree => Path.Combine(Folder, "tree");

    public bool IsExported => File.Exists(Path.Combine(Folder, ExportedMarker));

    public bool IsBuilt => File.Exists(Path.Combine(Folder, BuiltMarker));

    /// <summary>Where the entries of the project at <paramref name="projectRoot"/> live.</summary>
    public static string RootOf(string projectRoot) => Path.Combine(projectRoot, "obj", "diff-base");

    /// <summary>
    /// The entry of <paramref name="commit"/>, locked for this process until disposed (waits while another
    /// diff holds it: that one is exporting or building the same commit).
    /// </summary>
    public static BaseBuildCache Open(string projectRoot, string commit)
    {
        // The runtime is part of the key: a build made by another SDK is not reused.
        var folder = Path.Combine(RootOf(projectRoot), $"{commit}-net{Environment.Version}");
        Directory.CreateDirectory(folder);
        var lockPath = Path.Combine(folder, LockFile);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var stream = TryLock(lockPath);
            if (stream is not null)
            {
                return new BaseBuildCache(folder, stream);
            }

            if (waited.Elapsed > LockWait)
            {
                throw new CompilationException($"another diff has held {lockPath} for {LockWait.TotalMinutes:0} minutes while building {commit[..12]}; wait for it, or remove {folder} if no diff is running.");
            }

            Thread.Sleep(200);
        }
    }

    /// <summary>Exports the commit's tree unless this entry already holds it (a half-written tree is replaced).</summary>
    public void EnsureExported(GitRepository repository, string commit)
    {
        if (IsExported)
        {
            return;
        }

        Reset();
        repository.Export(commit, Tree);
        File.WriteAllText(Path.Combine(Folder, ExportedMarker), commit);
    }

    /// <summary>Records a finished build (written last, so a build cut short is redone next time).</summary>
    public void MarkBuilt() => File.WriteAllText(Path.Combine(Folder, BuiltMarker), Guid.NewGuid().ToString("N"));

    /// <summary>Removes the entries past the newest <see cref="Kept"/> that no diff is using.</summary>
    public static void Prune(string projectRoot)
    {
        var root = RootOf(projectRoot);
        if (!Directory.Exists(root))
        {
            return;
        }

        var old = new DirectoryInfo(root).GetDirectories()
            .OrderByDescending(d => d.LastWriteTimeUtc).ThenBy(d => d.Name, StringComparer.Ordinal)
            .Skip(Kept);
        foreach (var entry in old)
        {
            using var inUse = TryLock(Path.Combine(entry.FullName, LockFile));
            if (inUse is null)
            {
                continue;
            }

            try
            {
                // Unix lets the folder go with its lock file still open; the lock ends with it.
                entry.Delete(true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // An entry that cannot be removed now is removed by a later diff.
            }
        }
    }

    public void Dispose()
    {
        // Touched, so pruning keeps the entries in use.
        Directory.SetLastWriteTimeUtc(Folder, DateTime.UtcNow);
        _lock.Dispose();
    }

    private void Reset()
    {
        foreach (var child in new DirectoryInfo(Folder).GetFileSystemInfos().Where(c => c.Name != LockFile))
        {
            if (child is DirectoryInfo directory)
            {
                directory.Delete(true);
            }
            else
            {
                child.Delete();
            }
        }
    }

    private static FileStream? TryLock(string path)
    {
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix, held until the stream is disposed.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
