using Infra.Config;

namespace Infra.Components;

/// <summary>
/// What a product's manifest constructs a component with: the stack's settings (to bind its Args) and what
/// the components built before it returned from their builds (<see cref="IComponent{TBuilt}"/>).
/// </summary>
public sealed class ComponentWiring(StackSettings settings, IReadOnlyDictionary<Type, object?> built)
{
    public StackSettings Settings { get; } = settings;

    /// <summary>What a component built earlier on this stack returned from its build.</summary>
    public TBuilt Built<TComponent, TBuilt>()
        where TComponent : class, IComponent<TBuilt> =>
        built.TryGetValue(typeof(TComponent), out var value) && value is TBuilt result
            ? result
            : throw new InvalidOperationException($"{typeof(TComponent).Name} is not built before the component that needs it on a {Settings.Role.ToString().ToLowerInvariant()} stack: list its product earlier in Products.All, on this role");
}
