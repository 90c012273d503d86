namespace Infra.Tests.Layering;

/// <summary>
/// The declared layering of the compiler (docs/architecture.md): which namespace is which layer, and which layer
/// may use which. Everything not listed in <see cref="MayUse"/> is a back-edge.
/// </summary>
public static class Layers
{
    public const string Program = "Program";
    public const string Cli = "Cli";
    public const string Diff = "Diff";
    public const string Footprint = "Footprint";
    public const string Compile = "Compile";
    public const string Emitters = "Emitters";
    public const string Components = "Components";
    public const string Config = "Config";
    public const string Yaml = "Yaml";
    public const string Model = "Model";

    /// <summary>The allowed edges, top to bottom; a layer may always use itself.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> MayUse { get; } = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        // The entry point: only the command line.
        [Program] = Set(Cli),
        [Cli] = Set(Diff, Footprint, Compile, Emitters, Components, Config, Yaml, Model),
        [Diff] = Set(Compile, Emitters, Config, Yaml, Model),
        // Reports only: it may run the compile and read components and the model; only the CLI calls it.
        [Footprint] = Set(Compile, Components, Config, Model),
        // StackCompiler, CompiledStack and the compile-time checks.
        [Compile] = Set(Emitters, Components, Config, Yaml, Model),
        [Emitters] = Set(Components, Config, Yaml, Model),
        [Components] = Set(Config, Yaml, Model),
        [Config] = Set(Yaml, Model),
        [Yaml] = Set(Model),
        [Model] = Set(),
    };

    /// <summary>
    /// Back-edges that exist today and are scheduled to go (docs/architecture.md, "Known back-edges"), each as the
    /// exact pair of types. The checks skip these pairs only: another pair on the same edge fails, and a pair that
    /// is gone fails until it is removed here, so the list only shrinks.
    /// </summary>
    public static IReadOnlyList<LayerDependency> Known { get; } =
    [
        // The on-call and team settings are typed by their products' models and parsed by their parsers, and the
        // catalog that declares them is in Config: Config -> Components, a cycle. Goes when the catalog is derived
        // from the product manifests above the components (issue #23 item 1).
        SettingsCatalogUses("Infra.Components.OnCall.OnCallConfig"),
        SettingsCatalogUses("Infra.Components.OnCall.OnCallConfigParser"),
        SettingsCatalogUses("Infra.Components.OnCall.OnCallUser"),
        SettingsCatalogUses("Infra.Components.OnCall.PhoneNumberShapes"),
        SettingsCatalogUses("Infra.Components.Teams.Team"),
        SettingsCatalogUses("Infra.Components.Teams.TeamList"),
        SettingsCatalogUses("Infra.Components.Teams.TeamsParser"),

        // SettingsCatalog.All and Thresholds.All are derived from the product list (Products.All): Config -> Components.
        // Goes when the full lists are assembled above the components and handed to the binder and the docs.
        SettingsCatalogUses("Infra.Components.Products"),
        new(Config, Components, "Infra.Config.Thresholds", "Infra.Components.Products"),
    ];

    /// <summary>The layer of a type of Infra.dll, or null for types that are not ours (compiler-generated helpers, other assemblies).</summary>
    public static string? Of(string fullName, string ns)
    {
        if (ns.Length == 0)
        {
            // Top-level statements compile to a class named Program in the global namespace.
            return fullName == "Program" || fullName.StartsWith("Program+", StringComparison.Ordinal) ? Program : null;
        }

        if (ns == "Infra")
        {
            return Compile;
        }

        if (!ns.StartsWith("Infra.", StringComparison.Ordinal))
        {
            return null;
        }

        // The first namespace part under Infra names the layer (Infra.Components.OnCall is Components).
        var part = ns["Infra.".Length..].Split('.')[0];
        return MayUse.ContainsKey(part) && part is not Program and not Compile ? part : null;
    }

    /// <summary>A type of ours that <see cref="Of"/> cannot place: a namespace the layering does not know yet.</summary>
    public static bool IsOwnCode(string fullName, string ns) => ns == "Infra" || ns.StartsWith("Infra.", StringComparison.Ordinal);

    private static LayerDependency SettingsCatalogUses(string component) => new(Config, Components, "Infra.Config.SettingsCatalog", component);

    private static HashSet<string> Set(params string[] layers) => new(layers, StringComparer.Ordinal);
}
