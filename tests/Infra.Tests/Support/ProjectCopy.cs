namespace Infra.Tests.Support;

/// <summary>A copy of what the compiler reads from the project (stacks/, charts-values/, Pulumi.yaml), for tests that change it.</summary>
public static class ProjectCopy
{
    public static void Create(string root)
    {
        foreach (var folder in new[] { "stacks", "charts-values" })
        {
            foreach (var file in Directory.GetFiles(Path.Combine(Repo.Root, folder), "*", SearchOption.AllDirectories))
            {
                var copy = Path.Combine(root, Path.GetRelativePath(Repo.Root, file));
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(file, copy);
            }
        }

        File.Copy(Path.Combine(Repo.Root, "Pulumi.yaml"), Path.Combine(root, "Pulumi.yaml"));
    }
}
