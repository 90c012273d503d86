namespace Infra.Components;

/// <summary>
/// A component others depend on: its build returns what they need of it (resources to order after,
/// a release to wire into), which its dependants' product manifests (<see cref="Products.All"/>) hand to them as constructor arguments.
/// </summary>
/// <typeparam name="TBuilt">What the build gives the components wired to it.</typeparam>
public interface IComponent<out TBuilt> : IComponent
{
    /// <summary>Declares the component's resources and contributions, and returns what the others need of it.</summary>
    new TBuilt Build(StackContext context);

    void IComponent.Build(StackContext context) => Build(context);

    object? IComponent.BuildReturning(StackContext context) => Build(context);
}
