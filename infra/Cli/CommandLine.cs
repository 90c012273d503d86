using System.CommandLine;
using System.Reflection;
using Infra.Config;
using Infra.Emitters;
using Infra.Model;

namespace Infra.Cli;

/// <summary>
/// Entry point for every command, parsed with System.CommandLine. stdout carries only the command's
/// result (for <c>compile</c>: the program Pulumi reads; for <c>--help</c> and <c>--version</c>: the
/// text asked for); problems go to stderr with a non-zero exit, and nothing is written then.
/// </summary>
public static class CommandLine
{
    public const int Ok = 0;
    public const int InputError = 1;
    public const int UsageError = 2;

    private const string Description = """
        Compiles a stack's config into the Pulumi YAML program of the observability platform, and
        previews, renders, sizes and diffs that output offline.

        Examples:
          compile                                        as Pulumi runs it (PULUMI_STACK, PULUMI_CONFIG, PULUMI_ROOT_DIRECTORY)
          preview --stack S                              what 'pulumi up' would create for stacks/Pulumi.S.yaml
          render --stack S --out DIR                     DIR/Main.yaml and every embedded configuration file
          footprint --stack S [--format json]            replicas, requests, limits and storage (docs/sizing.md)
          diff --stack S --base REF [--exit-code]        what the working tree changes against git commit REF
          config-reference                               every config key (docs/configuration.md)
          <command> --help                               one command's options

        --root defaults to the nearest folder above the current one that holds Pulumi.yaml.
        Exit codes: 0 done, 1 bad input (stack config, files), 2 bad command line, 3 'diff --exit-code' found changes.
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var root = Commands(stdout, environment);

        // No response files: an argument starting with '@' is a value, as before.
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        try
        {
            if (parsed.Errors.Count > 0)
            {
                throw new UsageException(string.Join(Environment.NewLine + "error: ", parsed.Errors.Select(e => e.Message).Distinct(StringComparer.Ordinal)));
            }

            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            stderr.WriteLine();
            ShowHelp(root, parsed.CommandResult.Command, stderr);
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
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file the command could not read or write (permissions, a full disk): the message, never a stack trace.
            stderr.WriteLine($"error: {e.Message}; check the path and its permissions.");
            return InputError;
        }
    }

    /// <summary>The command tree; each action writes its result to <paramref name="stdout"/>.</summary>
    private static RootCommand Commands(TextWriter stdout, Func<string, string?> environment)
    {
        var root = new RootCommand(Description);

        // System.CommandLine's own --version reads the entry assembly, which is not this one in tests.
        root.Options.Remove(root.Options.OfType<VersionOption>().Single());
        var version = new Option<bool>("--version") { Description = "Show the version (the assembly's informational version)." };
        root.Options.Add(version);
        root.SetAction(p =>
        {
            if (p.GetValue(version))
            {
                stdout.WriteLine(typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);
            }
            else
            {
                ShowHelp(root, root, stdout);
            }

            return Ok;
        });

        var compile = new Command("compile",
            "Pulumi compiler mode: reads PULUMI_STACK, PULUMI_CONFIG and PULUMI_ROOT_DIRECTORY and prints the Pulumi YAML program on stdout. Without PULUMI_STACK prints the package-discovery program.");
        compile.SetAction(_ => Compile(stdout, environment));

        var previewStack = CliOptions.Stack();
        var previewRoot = CliOptions.Root();
        var preview = new Command("preview", "Offline: what 'pulumi up' would create for stacks/Pulumi.S.yaml.") { previewStack, previewRoot };
        preview.SetAction(p =>
        {
            var (compiled, _) = CompileStackFile(p, previewStack, previewRoot);
            stdout.Write(PreviewEmitter.Emit(compiled.Graph, compiled.Settings));
            return Ok;
        });

        var renderStack = CliOptions.Stack();
        var renderRoot = CliOptions.Root();
        var output = CliOptions.Once(new Option<string>("--out") { Description = "Folder to write (new, empty, or an earlier render).", Required = true, HelpName = "DIR" });
        var render = new Command("render", "Writes DIR/Main.yaml and every embedded configuration file.") { renderStack, output, renderRoot };
        render.SetAction(p =>
        {
            var (compiled, _) = CompileStackFile(p, renderStack, renderRoot);
            var outDirectory = p.GetRequiredValue(output);
            var files = RenderWriter.Files(compiled.Graph, compiled.Program, outDirectory);
            RenderWriter.Write(outDirectory, files);
            stdout.WriteLine($"Rendered stack '{compiled.Settings.Stack}' to {outDirectory}: {files.Count} files.");
            return Ok;
        });

        var reference = new Command("config-reference", "Prints the reference of every config key (docs/configuration.md).");
        reference.SetAction(_ =>
        {
            stdout.Write(ConfigReference.Markdown());
            return Ok;
        });

        var topic = new Argument<string>("command") { Description = "Show this command's help.", Arity = ArgumentArity.ZeroOrOne };
        var help = new Command("help", "Shows this text, or a command's help.") { topic };
        help.SetAction(p =>
        {
            var name = p.GetValue(topic);
            var command = root.Subcommands.FirstOrDefault(c => c.Name == name) ?? (name is null ? root : throw new UsageException($"unknown command '{name}'"));
            ShowHelp(root, command, stdout);
            return Ok;
        });

        foreach (var command in new[] { compile, preview, render, FootprintCommand.Create(stdout), DiffCommand.Create(stdout, environment), reference, help })
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Compiles stacks/Pulumi.S.yaml for an offline command; returns it with the project root.</summary>
    internal static (CompiledStack Compiled, string Root) CompileStackFile(ParseResult parsed, Option<string> stack, Option<string> root, bool requireResources = true)
    {
        var folder = CliOptions.ResolveRoot(parsed.GetValue(root));
        var raw = StackFileReader.Read(folder, parsed.GetRequiredValue(stack));

        // The listed environments first: the compile sizes the controlplane from their stack files.
        StackCompiler.RequireEnvironmentStackFiles(SettingsBinder.Bind(raw, secretsMustBeEncrypted: true), folder);
        var compiled = StackCompiler.Compile(raw, folder, fromStackFile: true, requireResources);
        StackCompiler.RequireOnCallService(compiled.Settings, folder);
        return (compiled, folder);
    }

    private static void ShowHelp(RootCommand root, Command command, TextWriter writer)
    {
        var path = new List<string>();
        for (var c = command; c is not null and not RootCommand; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            path.Insert(0, c.Name);
        }

        root.Parse([.. path, "--help"]).Invoke(new InvocationConfiguration { Output = writer });
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

        var raw = PulumiConfigReader.Read(stack, environment("PULUMI_CONFIG"), environment("PULUMI_CONFIG_SECRET_KEYS"));
        StackCompiler.RequireEnvironmentStackFiles(SettingsBinder.Bind(raw, secretsMustBeEncrypted: false), root);
        var compiled = StackCompiler.Compile(raw, root, fromStackFile: false);
        StackCompiler.RequireOnCallService(compiled.Settings, root);
        compiled.WriteProgram(stdout);
        return Ok;
    }
}
