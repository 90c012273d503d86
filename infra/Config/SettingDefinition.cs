namespace Infra.Config;

/// <summary>
/// A config key the program reads: its name, type, description, scope and per-profile default.
/// Declared once in <see cref="SettingsCatalog"/>; everything else (validation, docs, preview) derives from it.
/// </summary>
public abstract class SettingDefinition
{
    protected SettingDefinition(string name, string description, SettingScope scope)
    {
        Name = name;
        Description = description;
        Scope = scope;
    }

    /// <summary>Short name inside the project namespace, e.g. <c>prometheusReplicas</c>.</summary>
    public string Name { get; }

    /// <summary>Full key as stored by Pulumi, e.g. <c>observability:prometheusReplicas</c>.</summary>
    public string Key => $"{SettingsCatalog.Namespace}:{Name}";

    public string Description { get; }

    public SettingScope Scope { get; }

    /// <summary>Human name of the type, used in errors and docs ("integer >= 1", "one of ...").</summary>
    public abstract string TypeName { get; }

    public virtual bool IsSecret => false;

    /// <summary>Whether the default comes from the stack's profile file (infra/Profiles/&lt;profile&gt;.yaml, <c>settings</c>).</summary>
    public bool FromProfile { get; internal init; }

    /// <summary>An example value for error messages.</summary>
    public abstract string Example { get; }

    /// <summary>Parses a raw value; returns an error phrase (never echoing the value) on failure.</summary>
    internal abstract bool TryParse(RawConfigValue raw, out object? value, out string error);

    /// <summary>
    /// The value a fix hint suggests for a stack: its own profile's default where there is one
    /// (a development stack is shown the development default), else <see cref="Example"/>.
    /// </summary>
    internal virtual string FixExample(DefaultContext context) => Example;

    /// <summary>The default for a stack, or null when the key is required.</summary>
    internal abstract object? DefaultFor(DefaultContext context);

    /// <summary>The default per profile, for documentation.</summary>
    public abstract string DescribeDefault();
}
