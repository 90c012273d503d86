using Infra.Config;
using Infra.Emitters;
using Infra.Tests.Support;

namespace Infra.Tests;

/// <summary>
/// Secrets reach Pulumi only as config references: a canary value placed in PULUMI_CONFIG appears in
/// no output, no error and no rendered file.
/// </summary>
public sealed class SecretTests
{
    private const string Canary = "CANARY-7f3b9c1e-do-not-print";

    public static TheoryData<string> AllStacks() => Stacks.EveryData();

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void CanarySecretsAppearNowhere(string stack)
    {
        // Every secret the stack's role may hold (a key of another role is refused as not applying).
        // A secret whose form the compile checks (the phone-number mapping) gets the canary inside that form.
        var secrets = SettingsCatalog.All.OfType<SecretSetting>().Where(s => SettingsCatalog.AppliesTo(s, Stacks.RoleOf(stack)))
            .ToDictionary(s => s.Key, s => s.Shape is null ? Canary : $"{{\"canary@example.com\": \"{Canary}\"}}");
        var env = new Dictionary<string, string>
        {
            ["PULUMI_STACK"] = Stacks.NameOf(stack),
            ["PULUMI_CONFIG"] = StackConfigJson.For(stack, secrets),
            ["PULUMI_ROOT_DIRECTORY"] = Stacks.RootOf(stack),
        };
        var run = CliRun.Of(["compile"], env);
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain(Canary, run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, run.Stderr, StringComparison.Ordinal);

        // The program references each required secret instead, and declares it secret.
        var compiled = StackCompiler.Compile(PulumiConfigReader.Read(Stacks.NameOf(stack), env["PULUMI_CONFIG"]), Stacks.RootOf(stack), fromStackFile: false);
        foreach (var secret in SettingsCatalog.RequiredSecrets(compiled.Settings))
        {
            // Whole (${key}), or by key for a secret mapping (${key["name"]}, the on-call phone numbers).
            var declared = compiled.Graph.SecretConfig.Single(s => s.Key == secret.Key);
            Assert.Contains(declared.Type == "string" ? $"${{{secret.Key}}}" : $"${{{secret.Key}[\"", run.Stdout, StringComparison.Ordinal);
            Assert.Contains($"  {secret.Key}:\n    type: {declared.Type}\n    secret: true\n", run.Stdout, StringComparison.Ordinal);
        }

        foreach (var (path, content) in RenderWriter.Files(compiled.Graph, compiled.Program))
        {
            Assert.False(content.Contains(Canary, StringComparison.Ordinal), $"{path} contains the canary");
        }
    }

    [Fact]
    public void ValuesOfUnknownKeysAreNeitherKeptNorPrinted()
    {
        var env = new Dictionary<string, string>
        {
            ["PULUMI_STACK"] = Stacks.First(null),
            ["PULUMI_CONFIG"] = StackConfigJson.For(Stacks.First(null), new Dictionary<string, string> { ["observability:slackWebhookURL"] = Canary }),
            ["PULUMI_ROOT_DIRECTORY"] = Repo.Root,
        };
        var run = CliRun.Of(["compile"], env);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("'observability:slackWebhookURL'", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void GoldenFilesHoldNoSecretLookingValues()
    {
        var golden = Path.Combine(Repo.Root, "tests", "golden");
        foreach (var file in Directory.GetFiles(golden, "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain(Canary, text, StringComparison.Ordinal);
            Assert.DoesNotContain("hooks.slack.com/services/T", text, StringComparison.Ordinal);
            Assert.DoesNotContain("-----BEGIN", text, StringComparison.Ordinal);
        }
    }
}
