using Infra.Config;

namespace Infra.Components;

/// <summary>
/// What a product's constructor expression receives: the stack's settings (to bind its inputs) and the
/// components made before it on this stack, in <see cref="Products.All"/> order. Reading another product's
/// component here, at construction, is the one explicit place where products are wired together.
/// </summary>
public sealed class ComponentWiring(StackSettings settings, IReadOnlyList<IComponent> earlier)
{
    public StackSettings Settings { get; } = settings;

    /// <summary>The component of type <typeparamref name="T"/> made earlier on this stack.</summary>
    /// <exception cref="InvalidOperationException">It is not on this stack's role or comes later in <see cref="Products.All"/>.</exception>
    public T Earlier<T>()
        where T : class, IComponent =>
        earlier.OfType<T>().SingleOrDefault()
        ?? throw new InvalidOperationException($"{typeof(T).Name} is not built before this component on a {Settings.Role.ToString().ToLowerInvariant()} stack: list its product earlier in Products.All, on this role");
}
