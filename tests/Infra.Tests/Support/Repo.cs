namespace Infra.Tests.Support;

/// <summary>Paths of the checkout under test, and of the read-only reference data beside it.</summary>
public static class Repo
{
    /// <summary>
    /// The repository root (the folder holding Infra.sln), found from the test binaries; or
    /// <c>OBSERVABILITY_REPO_ROOT</c>, a copy of the checkout with other stacks (tests/variants/run.sh runs the
    /// suite's binaries over such a copy, so the tests are shown to hold for stacks other than the samples).
    /// </summary>
    public static string Root { get; } = Environment.GetEnvironmentVariable("OBSERVABILITY_REPO_ROOT") is { Length: > 0 } root
        ? Path.GetFullPath(root)
        : FindRoot();

    /// <summary>
    /// <c>../shared</c> next to the checkout (or <c>OBSERVABILITY_SHARED_DIR</c>): upstream schemas, charts and CRDs.
    /// Present in CI; absent on a plain clone.
    /// </summary>
    public static string SharedDirectory { get; } =
        Environment.GetEnvironmentVariable("OBSERVABILITY_SHARED_DIR") is { Length: > 0 } dir
            ? Path.GetFullPath(dir)
            : Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static bool HasShared => Directory.Exists(Path.Combine(SharedDirectory, "pulumi-schemas"));

    /// <summary>The stacks defined in stacks/ (Pulumi.&lt;stack&gt;.yaml).</summary>
    public static IReadOnlyList<string> Stacks { get; } = Directory.GetFiles(Path.Combine(Root, "stacks"), "Pulumi.*.yaml")
        .Select(f => Path.GetFileName(f)["Pulumi.".Length..^".yaml".Length])
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>The stacks in stacks/ only: for the golden files (synthetic stacks have none). Other theories use <see cref="Stacks.AllData"/>.</summary>
    public static TheoryData<string> StackData()
    {
        var data = new TheoryData<string>();
        foreach (var stack in Stacks)
        {
            data.Add(stack);
        }

        return data;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Infra.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Infra.sln not found above the test binaries");
    }
}
