namespace Infra.Components;

/// <summary>
/// A product the platform deploys, owning everything about it in its folder: resources, chart wiring,
/// rules, dashboards, network edges, workloads and outputs, all handed to the <see cref="StackContext"/>
/// as typed contributions. <see cref="Products.All"/> says which components each stack role builds.
/// </summary>
public interface IComponent
{
    /// <summary>The name its resources, rules and workloads are filed under.</summary>
    string Name { get; }

    /// <summary>
    /// Declares the component's resources and contributions. Another component is reached with
    /// <see cref="StackContext.Component{T}"/>, which builds it first when needed, so the order of
    /// <see cref="Products.All"/> does not matter.
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
