using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Conformance;

/// <summary>
/// Every stack's program against the Pulumi package schemas in ../shared/pulumi-schemas and the
/// Pulumi YAML resource options and functions in ../shared/docs/pulumi-yaml-facts.md.
/// </summary>
public sealed class PulumiSchemaConformanceTests
{
    [SharedTheory]
    [MemberData(nameof(Stacks.EveryData), MemberType = typeof(Stacks))]
    public void EveryResourceTypeAndPropertyIsInTheSchema(string stack)
    {
        var checker = new PulumiSchemaChecker(PulumiSchemaCatalog.Shared);
        var errors = Stacks.Compile(stack).Graph.Resources.SelectMany(checker.Check).ToList();
        AssertNone(errors, $"stack '{stack}' against ../shared/pulumi-schemas");
    }

    [SharedTheory]
    [MemberData(nameof(Stacks.EveryData), MemberType = typeof(Stacks))]
    public void ResourceOptionsAndFunctionsAreValidPulumiYaml(string stack)
    {
        var checker = new PulumiProgramChecker(PulumiSchemaCatalog.Shared);
        var errors = checker.Check(Stacks.Compile(stack).Program);
        AssertNone(errors, $"stack '{stack}' program options and fn:: calls");
    }

    [SharedFact]
    public void PagerDutyResourcesAndTheGetUserInvokeAreCheckedAgainstTheSchema()
    {
        var checker = new PulumiSchemaChecker(PulumiSchemaCatalog.Shared);
        Assert.Contains("layerz", Assert.Single(checker.Check("s", "pagerduty:index/schedule:Schedule", ObjectValue.Of(
            ("timeZone", "UTC"), ("layers", ListValue.Strings([])), ("layerz", "x")))), StringComparison.Ordinal);

        var program = new PulumiProgramChecker(PulumiSchemaCatalog.Shared);
        foreach (var stack in Stacks.AtLeastOne(Infra.Config.StackRole.OnCall))
        {
            var compiled = Stacks.Compile(stack);
            Assert.Empty(program.Check(compiled.Program));
            var looksUpUsers = compiled.Settings.Get(Infra.Config.SettingsCatalog.OnCall).Users.Any(u => u.Existing);
            Assert.Equal(looksUpUsers, program.Invokes.Contains(Infra.Components.OnCall.OnCallStack.GetUserFunction));
        }
    }

    [SharedFact]
    public void PinnedProviderVersionsAreTheSchemaVersions()
    {
        foreach (var (package, version) in Pins.Providers)
        {
            Assert.Equal(PulumiSchemaCatalog.Shared.Version(package), version);
        }
    }

    [SharedFact]
    public void EveryNewerKubernetesFieldAllowanceIsNeeded()
    {
        var checker = new PulumiSchemaChecker(PulumiSchemaCatalog.Shared);
        foreach (var stack in Stacks.All)
        {
            _ = Stacks.Compile(stack).Graph.Resources.SelectMany(checker.Check).ToList();
        }

        Assert.Empty(PulumiSchemaChecker.NewerKubernetesFields.Keys.Except(checker.UsedAllowances));
    }

    [SharedFact]
    public void AFabricatedPropertyIsReportedWithItsPath()
    {
        var checker = new PulumiSchemaChecker(PulumiSchemaCatalog.Shared);
        var errors = checker.Check("ns", "kubernetes:core/v1:Namespace", ObjectValue.Of(
            ("metadata", ObjectValue.Of(("name", "x"), ("labelz", ObjectValue.Of(("a", "b")))))));
        Assert.Equal(["ns (kubernetes:core/v1:Namespace): metadata.labelz: 'labelz' is not a property of kubernetes:meta/v1:ObjectMeta"], errors);
    }

    [SharedFact]
    public void WrongTypesEnumsAndTokensAreReported()
    {
        var checker = new PulumiSchemaChecker(PulumiSchemaCatalog.Shared);
        var errors = checker.Check("svc", "kubernetes:core/v1:Service", ObjectValue.Of(
            ("spec", ObjectValue.Of(("type", "Loadbalancer"), ("ports", ObjectValue.Of(("port", 80)))))));
        // spec.type is string-or-enum in the schema, so only the list is wrong.
        Assert.Equal(["svc (kubernetes:core/v1:Service): spec.ports: expected a list, got an object"], errors);
        Assert.Single(checker.Check("b", "aws:s3:Bucket", ObjectValue.Of(("bucketz", "x"))));
        Assert.Empty(checker.Check("b", "aws:s3:Bucket", ObjectValue.Of(("bucket", "x"))));
        Assert.Contains("is not in ../shared/pulumi-schemas", Assert.Single(checker.Check("x", "kubernetes:core/v1:Pod", ObjectValue.Empty)), StringComparison.Ordinal);
        Assert.Contains("deprecated", Assert.Single(checker.Check("b", "aws:s3/bucketV2:BucketV2", ObjectValue.Empty)), StringComparison.Ordinal);
        Assert.Contains("): length: required by random:index/randomPassword:RandomPassword but not set", Assert.Single(checker.Check("password", "random:index/randomPassword:RandomPassword", ObjectValue.Empty)), StringComparison.Ordinal);
    }

    [SharedFact]
    public void BadOptionsAndFunctionsAreReported()
    {
        const string program = """
            name: p
            resources:
              k8s:
                type: pulumi:providers:kubernetes
                options:
                  version: "4.0.0"
              ns:
                type: kubernetes:core/v1:Namespace
                options:
                  provider: ${k8s}
                  dependsOn: [ "${missing}" ]
                  protect: yes
                  customTimeout: { create: 10m }
                  customTimeouts: { create: 10m, destroy: 5m }
              policy:
                type: kubernetes:core/v1:ConfigMap
                properties:
                  data:
                    a:
                      fn::invoke:
                        function: aws:iam:getPolicyDocument
                        arguments: { statementz: [] }
                    b:
                      fn::toYaml: x
                    c:
                      fn::aws:eks:getCluster: { name: x }
                options:
                  provider: ${ns}
            """;
        var checker = new PulumiProgramChecker(PulumiSchemaCatalog.Shared);
        var errors = checker.Check(program);
        Assert.Equal(
            [
                "k8s: options.version: '4.0.0' differs from the version of ../shared/pulumi-schemas/kubernetes.json (4.32.0)",
                "ns: options.dependsOn: ${missing} is not a resource of the program",
                "ns: options.protect: must be a boolean literal",
                "ns: options.customTimeout: not a Pulumi YAML resource option",
                "ns: options.customTimeouts.destroy: not one of create, update, delete, read",
                "policy: options.provider: ns is a kubernetes:core/v1:Namespace, not a pulumi:providers:kubernetes",
                "resources.policy.properties.data.a.fn::invoke: fn::invoke aws:iam:getPolicyDocument: statementz: 'statementz' is not a property of aws:iam:getPolicyDocument",
                "resources.policy.properties.data.b.fn::toYaml: fn::toYaml is not a Pulumi YAML function",
            ],
            errors);
        Assert.Equal(["aws:iam:getPolicyDocument", "aws:eks:getCluster"], checker.Invokes);
    }

    internal static void AssertNone(IReadOnlyCollection<string> errors, string what)
    {
        Assert.True(errors.Count == 0, $"{errors.Count} problem(s) in {what}:\n  " + string.Join("\n  ", errors));
    }
}
