using System.Text.Json.Nodes;
using Infra.Components;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Policies;

/// <summary>
/// With the ALB, the user interfaces share one IngressGroup, and any Ingress naming that group would join the same
/// load balancer with rules of its own for the platform's hosts. Every such controlplane binds an admission policy
/// to every namespace but the platform's, and its CEL (a real CEL evaluator) refuses the platform's group name
/// there and admits anything else; the ALB drops invalid header fields.
/// </summary>
public sealed class IngressGroupPolicyTests
{
    public static TheoryData<string> Controlplanes() => Stacks.Data(Infra.Config.StackRole.Controlplane);

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void OnlyThePlatformsNamespaceMayNameItsIngressGroup(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var ingresses = compiled.Graph.Resources.Where(r => r.Type == "kubernetes:networking.k8s.io/v1:Ingress").ToList();
        var alb = ingresses.Where(i => i.Properties.At("spec.ingressClassName") == new StringValue(UserInterfaces.AlbClass)).ToList();
        var objects = compiled.Graph.Resources.Where(r => r.Type == "kubernetes:yaml/v2:ConfigGroup")
            .SelectMany(r => ((ListValue)r.Properties["objs"]!).Items.Cast<ObjectValue>()).ToList();
        var policies = objects.Where(o => o.At("metadata.name") == new StringValue(UserInterfaces.GroupPolicyName)).ToList();
        if (alb.Count == 0)
        {
            Assert.Empty(policies);
            return;
        }

        foreach (var ingress in alb)
        {
            var annotations = (ObjectValue)ingress.Properties.At("metadata.annotations")!;
            Assert.Equal(new StringValue(UserInterfaces.AlbGroup), annotations[UserInterfaces.GroupAnnotation]);
            Assert.Equal(new StringValue(Namespaces.Elastic), ingress.Properties.At("metadata.namespace"));
            Assert.Contains("routing.http.drop_invalid_header_fields.enabled=true", ((StringValue)annotations[UserInterfaces.LoadBalancerAttributesAnnotation]!).Text, StringComparison.Ordinal);
        }

        var policy = Assert.Single(policies, o => o["kind"] == new StringValue("ValidatingAdmissionPolicy"));
        var binding = Assert.Single(policies, o => o["kind"] == new StringValue("ValidatingAdmissionPolicyBinding"));
        Assert.Equal(ListValue.Strings(["Deny"]), binding.At("spec.validationActions"), ValueComparer.Instance);
        var selector = (ObjectValue)Assert.Single(((ListValue)binding.At("spec.matchResources.namespaceSelector.matchExpressions")!).Items);
        Assert.Equal(new StringValue("NotIn"), selector["operator"]);
        Assert.Equal(ListValue.Strings([Namespaces.Elastic]), selector["values"], ValueComparer.Instance);
        var rule = (ObjectValue)Assert.Single(((ListValue)policy.At("spec.matchConstraints.resourceRules")!).Items);
        Assert.Equal(ListValue.Strings(["ingresses"]), rule["resources"], ValueComparer.Instance);
        Assert.Equal(ListValue.Strings(["CREATE", "UPDATE"]), rule["operations"], ValueComparer.Instance);
        var validation = (ObjectValue)Assert.Single(((ListValue)policy.At("spec.validations")!).Items);
        Assert.Equal(new StringValue(UserInterfaces.NotInPlatformGroup), validation["expression"]);
    }

    [PromqlFact]
    public void TheGroupNameIsRefusedAndAnythingElseAdmitted()
    {
        JsonObject Ingress(JsonObject? annotations) => new()
        {
            ["apiVersion"] = "networking.k8s.io/v1",
            ["kind"] = "Ingress",
            ["metadata"] = annotations is null ? new JsonObject { ["name"] = "team" } : new JsonObject { ["name"] = "team", ["annotations"] = annotations },
            ["spec"] = new JsonObject { ["ingressClassName"] = "alb" },
        };
        var cases = new (JsonObject Object, bool Admitted, string What)[]
        {
            (Ingress(new JsonObject { [UserInterfaces.GroupAnnotation] = UserInterfaces.AlbGroup, ["alb.ingress.kubernetes.io/group.order"] = "-1000" }), false, "the platform's group, first in order"),
            (Ingress(new JsonObject { [UserInterfaces.GroupAnnotation] = UserInterfaces.AlbGroup }), false, "the platform's group"),
            (Ingress(new JsonObject { [UserInterfaces.GroupAnnotation] = "orders" }), true, "a group of its own"),
            (Ingress(new JsonObject { ["external-dns.alpha.kubernetes.io/hostname"] = "orders.example.com" }), true, "no group"),
            (Ingress(null), true, "no annotations"),
        };
        var results = CelEvaluator.Evaluate([.. cases.Select(c => (UserInterfaces.NotInPlatformGroup, new JsonObject { ["object"] = c.Object.DeepClone() }))]);
        for (var i = 0; i < cases.Length; i++)
        {
            Assert.True(results[i].Error is null, $"{cases[i].What}: {results[i].Error}");
            Assert.True(cases[i].Admitted == results[i].Value!.GetValue<bool>(), $"{cases[i].What}: expected {(cases[i].Admitted ? "admitted" : "refused")}");
        }
    }
}
