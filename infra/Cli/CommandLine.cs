using Infra.Config;
using Infra.Emitters;

namespace Infra.Cli;

/// <summary>
/// Entry point for every command. stdout carries only the command's result (for <c>compile</c>: the
/// program Pulumi reads); problems go to stderr with a non-zero exit, and nothing is written then.
/// </summary>
public static class CommandLine
{
    public const int Ok = 0;
    public const int InputError = 1;
    public const int UsageError = 2;

    private const string Usage = """
        Usage: dotnet run --project infra -- <command> [options]

        Commands:
          compile                          Pulumi compiler mode: reads PULUMI_STACK, PULUMI_CONFIG and
                                           PULUMI_ROOT_DIRECTORY, prints the Pulumi YAML program on stdout.
                                           Without PULUMI_STACK prints the package-discovery program.
          preview --stack S [--root DIR]   Offline: what 'pulumi up' would create for stacks/Pulumi.S.yaml.
          render --stack S --out DIR       Writes DIR/Main.yaml and every embedded configuration file.
                 [--root DIR]
          footprint --stack S [--root DIR] Every workload's replicas, CPU/memory requests and limits and storage,
                 [--nodes N] [--format F]  and the storage retention implies (docs/sizing.md). F: table or json;
                 [--daily-log-gb G]        N: nodes, for DaemonSets (3); G: GiB of logs a day, all environments (10).
          diff --stack S --base REF        What the working tree changes in the stack's output compared with git
               [--root DIR] [--exit-code]  commit REF: resources added, removed and changed, then a unified diff
                                           of Main.yaml and every rendered file. REF is rendered by its own
                                           compiler (a build, ~10-20 s). Exit 0 (a report); with --exit-code 3
                                           when the output differs.
          config-reference                 Prints the reference of every config key (docs/configuration.md).
          help                             Shows this text.

        --root defaults to the nearest folder above the current one that holds Pulumi.yaml.
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        try
        {
            var command = args.Length == 0 ? "help" : args[0];
            var options = ParseOptions(args.Skip(1).ToArray());
            switch (command)
            {
                case "compile":
                    Expect(options, []);
                    return Compile(stdout, environment);
                case "preview":
                    Expect(options, ["stack", "root"]);
                    return Preview(Required(options, "stack"), Root(options), stdout);
                case "render":
                    Expect(options, ["stack", "out", "root"]);
                    return Render(Required(options, "stack"), Required(options, "out"), Root(options), stdout);
                case "footprint":
                    Expect(options, [.. FootprintCommand.Options]);
                    return FootprintCommand.Run(Required(options, "stack"), Root(options), options, stdout);
                case "diff":
                    Expect(options, [.. DiffCommand.Options]);
                    return DiffCommand.Run(Required(options, "stack"), Required(options, "base"), Root(options), options, stdout);
                case "config-reference":
                    Expect(options, []);
                    stdout.Write(ConfigReference.Markdown());
                    return Ok;
                case "help" or "--help" or "-h":
                    stdout.WriteLine(Usage);
                    return Ok;
                default:
                    throw new UsageException($"unknown command '{command}'");
            }
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            stderr.WriteLine(Usage);
            return UsageError;
        }
        catch (CompilationException e)
        {
            foreach (var problem in e.Problems)
            {
                stderr.WriteLine($"error: {problem}");
            }

            stderr.WriteLine($"{e.Problems.Count} problem{(e.Problems.Count == 1 ? string.Empty : "s")}; nothing was written.");
            return InputError;
        }
    }

    private static int Compile(TextWriter stdout, Func<string, string?> environment)
    {
        var stack = environment("PULUMI_STACK");
        if (string.IsNullOrEmpty(stack))
        {
            // Plugin discovery and 'pulumi about' run the compiler without a stack.
            stdout.Write(StackCompiler.CompileDiscovery());
            return Ok;
        }

        // A fully qualified name (org/project/stack) names the same stack file.
        stack = stack[(stack.LastIndexOf('/') + 1)..];
        var root = environment("PULUMI_ROOT_DIRECTORY") is { Length: > 0 } r ? r : Directory.GetCurrentDirectory();
        if (!File.Exists(Path.Combine(root, "Pulumi.yaml")))
        {
            // Without the project folder the charts-values/ tuning would silently be left out.
            throw new CompilationException($"stack '{stack}': the project root {root} (PULUMI_ROOT_DIRECTORY, else the working directory) holds no Pulumi.yaml; run the compiler through Pulumi, or set PULUMI_ROOT_DIRECTORY to the folder that holds Pulumi.yaml.");
        }

        var raw = PulumiConfigReader.Read(stack, environment("PULUMI_CONFIG"));
        var compiled = StackCompiler.Compile(raw, root, fromStackFile: false);
        stdout.Write(compiled.Program);
        return Ok;
    }

    private static int Preview(string stack, string root, TextWriter stdout)
    {
        var compiled = StackCompiler.Compile(StackFileReader.Read(root, stack), root, fromStackFile: true);
        stdout.Write(PreviewEmitter.Emit(compiled.Graph, compiled.Settings));
        return Ok;
    }

    private static int Render(string stack, string outDirectory, string root, TextWriter stdout)
    {
        var compiled = StackCompiler.Compile(StackFileReader.Read(root, stack), root, fromStackFile: true);
        var files = RenderWriter.Files(compiled.Graph, compiled.Program);
        RenderWriter.Write(outDirectory, files);
        stdout.WriteLine($"Rendered stack '{stack}' to {outDirectory}: {files.Count} files.");
        return Ok;
    }

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"unexpected argument '{arg}'");
            }

            var name = arg[2..];
            string value;
            if (DiffCommand.Flags.Contains(name))
            {
                // A switch such as --exit-code takes no value.
                if (!options.TryAdd(name, "true"))
                {
                    throw new UsageException($"option --{name} is given twice");
                }

                continue;
            }

            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            else if (i + 1 < args.Length)
            {
                value = args[++i];
            }
            else
            {
                throw new UsageException($"option --{name} needs a value");
            }

            if (!options.TryAdd(name, value))
            {
                throw new UsageException($"option --{name} is given twice");
            }
        }

        return options;
    }

    private static void Expect(Dictionary<string, string> options, string[] allowed)
    {
        foreach (var name in options.Keys.Where(k => !allowed.Contains(k)))
        {
            throw new UsageException($"unknown option --{name}");
        }
    }

    private static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new UsageException($"missing --{name}");

    private static string Root(Dictionary<string, string> options)
    {
        if (options.TryGetValue("root", out var root))
        {
            return File.Exists(Path.Combine(root, "Pulumi.yaml"))
                ? Path.GetFullPath(root)
                : throw new UsageException($"--root {root} holds no Pulumi.yaml");
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pulumi.yaml")))
            {
                return dir.FullName;
            }
        }

        throw new UsageException("no Pulumi.yaml in this folder or any above it; run from the project or pass --root");
    }
}
