using System.Globalization;
using Infra.Cli;

// Generated programs must not depend on the machine's locale (a decimal comma breaks PromQL), even
// when DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=0 overrides the project's InvariantGlobalization.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

return CommandLine.Run(args, Console.Out, Console.Error);
