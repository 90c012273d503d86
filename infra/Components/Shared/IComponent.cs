namespace Infra.Components;

/// <summary>
/// A product the platform deploys, owning everything about it in its folder: resources, chart wiring,
/// rules, dashboards, network edges, workloads and outputs, all handed to the <see cref="StackContext"/>
/// as typed contributions. <see cref="Platform"/> constructs the components of each stack role, handing each
/// what it needs of the others, and builds them in that order.
/// </summary>
public interface IComponent
{
    /// <summary>The name its resources, rules and workloads are filed under.</summary>
    string Name { get; }

    /// <summary>
    /// Declares the component's resources and contributions. What it needs of another component it
    /// received in its constructor (<see cref="Platform"/> wires them), never by looking it up.
    /// </summary>
    void Build(StackContext context);

    /// <summary>
    /// Runs once every component is built: for components that read the others' contributions
    /// (Grafana's dashboards). Most components have nothing to do here.
    /// </summary>
    void Complete(StackContext context)
    {
    }
}
