using Infra.Emitters;
using Infra.Tests.Support;

namespace Infra.Tests.Alerting;

/// <summary>A stack rendered into a temporary folder, for the real-tool tests; deleted on dispose.</summary>
public sealed class RenderedStack : IDisposable
{
    public RenderedStack(string stack)
        : this(stack, Stacks.Compile(stack))
    {
    }

    /// <summary>A stack compiled with other settings (<see cref="Stacks.CompileWith"/>).</summary>
    public RenderedStack(string stack, CompiledStack compiled)
    {
        Directory = Path.Combine(Path.GetTempPath(), $"infra-{Stacks.NameOf(stack)}-{Guid.NewGuid():N}");
        RenderWriter.Write(Directory, RenderWriter.Files(compiled.Graph, compiled.Program));
        if (File.Exists(AlertmanagerConfig))
        {
            LocalAlertmanager.Adapt(AlertmanagerConfig);
        }
    }

    public string Directory { get; }

    public string RulesDirectory => Path.Combine(Directory, "prometheus", "rules");

    public string AlertmanagerConfig => Path.Combine(Directory, "alertmanager", "alertmanager.yaml");

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, true);
        }
    }
}
