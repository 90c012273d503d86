using Infra.Config;

namespace Infra.Tests.Support;

/// <summary>
/// The fixed configuration the promtool unit tests (each product's *.test.yaml in its folder, infra/Components/&lt;Product&gt;/,
/// listed by its manifest's RuleTests) are written against: the stack files in
/// tests/promtool/stacks/ (a controlplane, the environments it lists and the on-call stack, with the labels,
/// node counts and paging the tests' series and expectations use), compiled with this checkout's compiler and
/// charts-values/. It never changes when stacks/ does, so adding an environment to stacks/ leaves the unit
/// tests as they are; a rule change still shows in them. Refresh it on purpose only (copy stacks/ there and
/// adapt the unit tests), never to make a test pass.
/// </summary>
public static class PromtoolFixture
{
    private static readonly Lazy<CompiledStack> LazyControlplane = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string StacksDirectory => Path.Combine(Repo.Root, "tests", "promtool", "stacks");

    /// <summary>infra/Components/: the product folders, where each product's promtool unit tests sit beside its rules.</summary>
    public static string ComponentsDirectory => Path.Combine(Repo.Root, "infra", "Components");

    /// <summary>The full path of a rule-test file named as <see cref="Infra.Components.Products.RuleTests"/> names it (relative to infra/Components/).</summary>
    public static string RuleTestPath(string relative) => Path.Combine(ComponentsDirectory, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The fixture's controlplane, compiled: it has every rule group, with production thresholds.</summary>
    public static CompiledStack Controlplane => LazyControlplane.Value;

    private static CompiledStack Create()
    {
        var root = Path.Combine(Path.GetTempPath(), $"infra-promtool-{Guid.NewGuid():N}");
        try
        {
            foreach (var file in Directory.GetFiles(Path.Combine(Repo.Root, "charts-values"), "*", SearchOption.AllDirectories))
            {
                var copy = Path.Combine(root, Path.GetRelativePath(Repo.Root, file));
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(file, copy);
            }

            Directory.CreateDirectory(Path.Combine(root, "stacks"));
            foreach (var file in Directory.GetFiles(StacksDirectory, "Pulumi.*.yaml"))
            {
                File.Copy(file, Path.Combine(root, "stacks", Path.GetFileName(file)));
            }

            File.Copy(Path.Combine(Repo.Root, "Pulumi.yaml"), Path.Combine(root, "Pulumi.yaml"));
            var controlplane = Directory.GetFiles(Path.Combine(root, "stacks"), "Pulumi.*.yaml")
                .Select(f => Path.GetFileName(f)["Pulumi.".Length..^".yaml".Length])
                .Order(StringComparer.Ordinal)
                .Select(name => StackFileReader.Read(root, name))
                .First(raw => SettingsBinder.Bind(raw, secretsMustBeEncrypted: true).Role == StackRole.Controlplane);
            return StackCompiler.Compile(controlplane, root, fromStackFile: true);
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }
}
