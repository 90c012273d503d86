using System.CommandLine;

namespace Infra.Cli;

/// <summary>Options several commands share, and the checks every option gets.</summary>
internal static class CliOptions
{
    public static Option<string> Stack() =>
        Once(new Option<string>("--stack") { Description = "The stack: stacks/Pulumi.S.yaml.", Required = true, HelpName = "S" });

    public static Option<string> Root()
    {
        var option = Once(new Option<string>("--root") { Description = "Project folder (holds Pulumi.yaml); default: the nearest one above the current folder.", HelpName = "DIR" });
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } root && !File.Exists(Path.Combine(root, "Pulumi.yaml")))
            {
                result.AddError($"--root {root} holds no Pulumi.yaml");
            }
        });
        return option;
    }

    /// <summary>Refuses an option given twice (System.CommandLine would keep the last).</summary>
    public static T Once<T>(T option)
        where T : Option
    {
        option.Validators.Add(result =>
        {
            if (result.IdentifierTokenCount > 1)
            {
                result.AddError($"option {option.Name} is given twice");
            }
        });
        return option;
    }

    /// <summary>
    /// A whole-number option from 1 to <paramref name="max"/>: anything else is refused naming the option and
    /// the range (System.CommandLine's own message names a .NET type).
    /// </summary>
    public static Option<int?> WholeNumber(string name, string description, int max, int? defaultValue = null)
    {
        var option = new Option<int?>(name)
        {
            Description = description,
            HelpName = "N",
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
                if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max)
                {
                    return n;
                }

                result.AddError($"{name} must be a whole number from 1 to {max}, not '{text}'");
                return null;
            },
        };
        if (defaultValue is { } value)
        {
            option.DefaultValueFactory = _ => value;
        }

        return Once(option);
    }

    /// <summary>The --root folder, else the nearest folder above the current one that holds Pulumi.yaml.</summary>
    public static string ResolveRoot(string? root)
    {
        if (root is not null)
        {
            return Path.GetFullPath(root);
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
