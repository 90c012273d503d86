using Infra.Model;

namespace Infra.Components;

/// <summary>
/// An environment stack as the controlplane sees it: a <c>pulumi:pulumi:StackReference</c> in the same
/// organization and project, with typed access to the outputs listed in <see cref="EnvironmentOutputs"/>.
/// </summary>
public sealed class EnvironmentStack
{
    public EnvironmentStack(StackContext context, string stack)
    {
        Stack = stack;
        Reference = context.Graph.Add(new Resource($"environment-{stack}", "pulumi:pulumi:StackReference", Platform.ComponentName, ObjectValue.Of(
            ("name", InterpolatedValue.Of(
                new PulumiVariableValue("organization"), new StringValue("/"),
                new PulumiVariableValue("project"), new StringValue($"/{stack}"))))));
    }

    /// <summary>The environment's stack name.</summary>
    public string Stack { get; }

    public Resource Reference { get; }

    public Value KafkaBootstrap => Output(EnvironmentOutputs.KafkaBootstrap);

    public Value KafkaTopic => Output(EnvironmentOutputs.KafkaTopic);

    public Value KafkaConsumerUser => Output(EnvironmentOutputs.KafkaConsumerUser);

    /// <summary>Secret output; Pulumi keeps it secret wherever it flows.</summary>
    public Value KafkaConsumerPassword => Output(EnvironmentOutputs.KafkaConsumerPassword);

    public Value Environment => Output(EnvironmentOutputs.Environment);

    public Value Cluster => Output(EnvironmentOutputs.Cluster);

    public Value LogTimeZone => Output(EnvironmentOutputs.LogTimeZone);

    public Value LogRetentionDays => Output(EnvironmentOutputs.LogRetentionDays);

    public Value FederationTarget => Output(EnvironmentOutputs.FederationTarget);

    /// <summary>The gateway user for <c>/federate</c> (the controlplane Prometheus).</summary>
    public Value FederationUsername => Output(EnvironmentOutputs.FederationUsername);

    /// <summary>Secret output: the password for <c>/federate</c>.</summary>
    public Value FederationPassword => Output(EnvironmentOutputs.FederationPassword);

    /// <summary>The gateway user for the query and Alertmanager API (the controlplane Grafana).</summary>
    public Value FederationGrafanaUsername => Output(EnvironmentOutputs.FederationGrafanaUsername);

    /// <summary>Secret output: the password for the query and Alertmanager API.</summary>
    public Value FederationGrafanaPassword => Output(EnvironmentOutputs.FederationGrafanaPassword);

    /// <summary>PEM of the environment's private CA, or empty when its certificates are publicly trusted.</summary>
    public Value TlsCaCertificate => Output(EnvironmentOutputs.TlsCaCertificate);

    // The dotted form (outputs.name) needs no quotes, so it reads the same inside rendered YAML text.
    private ReferenceValue Output(string name) => new(Reference, $"outputs.{name}");
}
