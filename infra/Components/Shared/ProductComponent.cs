using Infra.Config;

namespace Infra.Components;

/// <summary>
/// A component of a <see cref="Product"/>: the stack roles it runs on and the one expression that makes it
/// (where its inputs are bound and other products' components are passed in, see <see cref="ComponentWiring"/>).
/// </summary>
/// <param name="Type">The component's class: the reachability test checks every IComponent is made by exactly one product.</param>
public sealed record ProductComponent(Type Type, IReadOnlyList<StackRole> Roles, Func<ComponentWiring, IComponent> Create)
{
    /// <summary>A component of type <typeparamref name="T"/> on <paramref name="roles"/>, made by <paramref name="create"/>.</summary>
    public static ProductComponent Of<T>(Func<ComponentWiring, T> create, params StackRole[] roles)
        where T : class, IComponent =>
        new(typeof(T), roles, w => create(w));
}
