namespace Infra.Components;

/// <summary>
/// A product the platform deploys, owning everything about it in its folder: resources, chart wiring,
/// rules, dashboards, network edges, workloads and outputs, all handed to the <see cref="StackContext"/>
/// as typed contributions. <see cref="Products.All"/> says which components each stack role builds, and each
/// product's manifest constructs its components with what they need of those built before.
/// </summary>
public interface IComponent
{
    /// <summary>The name its resources, rules and workloads are filed under.</summary>
    string Name { get; }

    /// <summary>
    /// Declares the component's resources and contributions. What it needs of another component it
    /// received in its constructor (its manifest wires it, <see cref="ComponentWiring"/>), never by looking it up.
    /// </summary>
    void Build(StackContext context);

    /// <summary>Builds and returns what the components wired to it need (null: nothing; see <see cref="IComponent{TBuilt}"/>).</summary>
    object? BuildReturning(StackContext context)
    {
        Build(context);
        return null;
    }

    /// <summary>
    /// Runs once every component is built: for components that read the others' contributions
    /// (Grafana's dashboards). Most components have nothing to do here.
    /// </summary>
    void Complete(StackContext context)
    {
    }
}
