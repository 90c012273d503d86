using Infra.Emitters;
using Infra.Tests.Support;

namespace Infra.Tests;

/// <summary>Every YAML file the program renders passes yamllint (syntax, duplicate keys, truthy values).</summary>
public sealed class YamllintTests
{
    // Long lines and the missing '---' are fine for generated files; duplicate keys and ambiguous
    // booleans ('yes', 'on') are not.
    private const string Config = "{extends: default, rules: {line-length: disable, document-start: disable, comments: {min-spaces-from-content: 1}, indentation: {indent-sequences: whatever}, truthy: {check-keys: true}}}";

    [ToolFact("yamllint", "yamllint")]
    public void RenderedYamlOfEveryStackPassesYamllint()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"infra-yamllint-{Guid.NewGuid():N}");
        try
        {
            foreach (var stack in Stacks.Every)
            {
                var compiled = Stacks.Compile(stack);
                RenderWriter.Write(Path.Combine(directory, stack.Replace(':', '-')), RenderWriter.Files(compiled.Graph, compiled.Program));
            }

            var (code, output) = Tools.Run("yamllint", "-s", "-d", Config, directory);
            Assert.True(code == 0, output);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, true);
            }
        }
    }
}
