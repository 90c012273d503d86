using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Infra.Config;
using Infra.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Infra.Tests.Workflows;

/// <summary>
/// The GitHub workflows: the stack matrices come from stacks/ (by running the workflow's own listing
/// step), deploys put the controlplane after the environments, and only official actions pinned to a
/// major version are used. Their schema is checked by .ci/validate-workflows.
/// </summary>
public sealed partial class WorkflowTests
{
    private static readonly string[] OfficialActions = ["actions/checkout", "actions/setup-dotnet", "pulumi/actions", "aws-actions/configure-aws-credentials"];

    [Fact]
    public void ThePreviewMatrixListsExactlyTheStacksInStacksFolder()
    {
        var workflow = WorkflowFile.Load("pull-request.yml");
        var outputs = RunStep(WorkflowFile.Step(workflow.Job("stacks"), "list"));
        Assert.Equal(Repo.Stacks, Json(outputs["stacks"]));

        var preview = workflow.Job("preview");
        Assert.Contains("stacks", WorkflowFile.Needs(preview));
        Assert.Equal("${{ fromJSON(needs.stacks.outputs.stacks) }}", Matrix(preview));
        Assert.Equal("${{ steps.list.outputs.stacks }}", ((YamlScalarNode)((YamlMappingNode)workflow.Job("stacks")["outputs"])["stacks"]).Value);
        var pulumi = PulumiStep(preview);
        Assert.Equal("preview", With(pulumi, "command"));
        Assert.Equal("true", With(pulumi, "comment-on-pr"));
        Assert.Equal("write", Permission(preview, "pull-requests"));
    }

    [Fact]
    public void DeploysRunEveryEnvironmentStackAndThenTheControlplane()
    {
        var workflow = WorkflowFile.Load("deploy.yml");
        var outputs = RunStep(WorkflowFile.Step(workflow.Job("stacks"), "list"));
        var environments = Json(outputs["environments"]);
        var controlplanes = Json(outputs["controlplanes"]);
        Assert.Equal(Repo.Stacks.Where(s => Stacks.RoleOf(s) == StackRole.Environment), environments);
        Assert.Equal(Repo.Stacks.Where(s => Stacks.RoleOf(s) == StackRole.Controlplane), controlplanes);
        Assert.NotEmpty(controlplanes);

        var environmentJob = workflow.Job("environments");
        var controlplaneJob = workflow.Job("controlplane");
        Assert.Equal("${{ fromJSON(needs.stacks.outputs.environments) }}", Matrix(environmentJob));
        Assert.Equal("${{ fromJSON(needs.stacks.outputs.controlplanes) }}", Matrix(controlplaneJob));
        Assert.Contains("environments", WorkflowFile.Needs(controlplaneJob));
        Assert.Contains("test", WorkflowFile.Needs(environmentJob));
        Assert.Contains("test", WorkflowFile.Needs(controlplaneJob));
        Assert.DoesNotContain("controlplane", WorkflowFile.Needs(environmentJob));

        // The controlplane must not run after a failed environment, even though it tolerates "skipped".
        var condition = WorkflowFile.Text(controlplaneJob, "if") ?? string.Empty;
        Assert.Contains("needs.environments.result == 'success'", condition, StringComparison.Ordinal);
        Assert.Contains("needs.test.result == 'success'", condition, StringComparison.Ordinal);
        Assert.Contains("!cancelled()", condition, StringComparison.Ordinal);

        foreach (var job in new[] { environmentJob, controlplaneJob })
        {
            Assert.Equal("${{ matrix.stack }}", WorkflowFile.Text(job, "environment"));
            var concurrency = (YamlMappingNode)job["concurrency"];
            Assert.Equal("deploy-${{ matrix.stack }}", WorkflowFile.Text(concurrency, "group"));
            Assert.Equal("false", WorkflowFile.Text(concurrency, "cancel-in-progress"));
            Assert.Equal("false", WorkflowFile.Text((YamlMappingNode)job["strategy"], "fail-fast"));
            Assert.Equal("up", With(PulumiStep(job), "command"));
            Assert.Equal("write", Permission(job, "id-token"));
        }
    }

    [Fact]
    public void DeploysRunTheOnCallStackBeforeTheEnvironmentsAndTheControlplane()
    {
        var workflow = WorkflowFile.Load("deploy.yml");
        var outputs = RunStep(WorkflowFile.Step(workflow.Job("stacks"), "list"));
        var oncalls = Json(outputs["oncalls"]);
        Assert.Equal(Stacks.Of(StackRole.OnCall).Where(s => !Stacks.IsSynthetic(s)), oncalls);
        Assert.NotEmpty(oncalls);

        var oncall = workflow.Job("oncall");
        Assert.Equal("${{ fromJSON(needs.stacks.outputs.oncalls) }}", Matrix(oncall));
        Assert.Equal("up", With(PulumiStep(oncall), "command"));
        Assert.Equal("${{ matrix.stack }}", WorkflowFile.Text(oncall, "environment"));
        Assert.DoesNotContain("environments", WorkflowFile.Needs(oncall));
        foreach (var later in new[] { workflow.Job("environments"), workflow.Job("controlplane") })
        {
            Assert.Contains("oncall", WorkflowFile.Needs(later));
            var condition = WorkflowFile.Text(later, "if") ?? string.Empty;
            Assert.Contains("needs.oncall.result == 'success'", condition, StringComparison.Ordinal);
            Assert.Contains("!cancelled()", condition, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void OnlyOfficialActionsPinnedToAMajorVersionAreUsed()
    {
        foreach (var name in WorkflowFile.All)
        {
            foreach (var node in WorkflowFile.Mappings(WorkflowFile.Load(name).Root))
            {
                if (WorkflowFile.Text(node, "uses") is not { } uses)
                {
                    continue;
                }

                if (uses.StartsWith("./", StringComparison.Ordinal))
                {
                    Assert.True(File.Exists(Path.Combine(Repo.Root, uses[2..])), $"{name}: {uses} does not exist");
                    continue;
                }

                var match = Pinned().Match(uses);
                Assert.True(match.Success && OfficialActions.Contains(match.Groups["action"].Value), $"{name}: '{uses}' is not an official action pinned to a major version");
            }
        }
    }

    [Fact]
    public void RunStepsCallOnlyScriptsThatExist()
    {
        foreach (var name in WorkflowFile.All)
        {
            foreach (var node in WorkflowFile.Mappings(WorkflowFile.Load(name).Root))
            {
                foreach (Match script in RepoScript().Matches(WorkflowFile.Text(node, "run") ?? string.Empty))
                {
                    Assert.True(File.Exists(Path.Combine(Repo.Root, script.Value)), $"{name}: {script.Value} does not exist");
                }
            }
        }
    }

    [Fact]
    public void JobsThatTouchAStackGetItsKubeconfigAndAnOidcToken()
    {
        foreach (var (file, job, environment) in new[] { ("pull-request.yml", "preview", "${{ matrix.stack }}-preview"), ("deploy.yml", "environments", "${{ matrix.stack }}"), ("deploy.yml", "controlplane", "${{ matrix.stack }}") })
        {
            var node = WorkflowFile.Load(file).Job(job);
            Assert.Equal(environment, WorkflowFile.Text(node, "environment"));
            var steps = WorkflowFile.Steps(node).ToList();
            var kubeconfig = steps.Single(s => (WorkflowFile.Text(s, "run") ?? string.Empty).Contains(".ci/write-kubeconfig", StringComparison.Ordinal));
            Assert.Equal("${{ secrets.KUBECONFIG }}", WorkflowFile.Text((YamlMappingNode)kubeconfig["env"], "KUBECONFIG_CONTENT"));
            Assert.Contains(steps, s => (WorkflowFile.Text(s, "uses") ?? string.Empty).StartsWith("aws-actions/configure-aws-credentials@", StringComparison.Ordinal));
            Assert.True(steps.IndexOf(kubeconfig) < steps.IndexOf(PulumiStep(node)), $"{file} {job}: the kubeconfig is written after pulumi runs");
        }
    }

    private static string Matrix(YamlMappingNode job) =>
        ((YamlScalarNode)((YamlMappingNode)((YamlMappingNode)job["strategy"])["matrix"])["stack"]).Value!;

    private static YamlMappingNode PulumiStep(YamlMappingNode job) =>
        WorkflowFile.Steps(job).Single(s => (WorkflowFile.Text(s, "uses") ?? string.Empty).StartsWith("pulumi/actions@", StringComparison.Ordinal));

    private static string? With(YamlMappingNode step, string key) => WorkflowFile.Text((YamlMappingNode)step["with"], key);

    private static string? Permission(YamlMappingNode job, string scope) => WorkflowFile.Text((YamlMappingNode)job["permissions"], scope);

    private static List<string> Json(string json) => JsonSerializer.Deserialize<List<string>>(json)!;

    /// <summary>Runs a step's shell command in the repository, as the runner would, and returns what it wrote to $GITHUB_OUTPUT.</summary>
    private static Dictionary<string, string> RunStep(YamlMappingNode step)
    {
        var output = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo("bash") { WorkingDirectory = Repo.Root, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("-eo");
            start.ArgumentList.Add("pipefail");
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(WorkflowFile.Text(step, "run")!);
            start.Environment["GITHUB_OUTPUT"] = output;
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"the step failed: {stderr.Result}");
            return File.ReadAllLines(output).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [GeneratedRegex(@"^(?<action>[a-z0-9-]+/[a-z0-9-]+)@v[0-9]+$")]
    private static partial Regex Pinned();

    [GeneratedRegex(@"\.ci/[A-Za-z0-9_.-]+")]
    private static partial Regex RepoScript();
}
