using System.Globalization;
using System.Text;
using Infra.Cli;

// Generated programs must not depend on the machine's locale (a decimal comma breaks PromQL), even
// when DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=0 overrides the project's InvariantGlobalization.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

// stdout through one 64 KiB buffer, flushed at the end: Console.Out flushes every 256 bytes, which is
// thousands of write calls for a program of megabytes (500 environments: 4.5 MB). Nothing else writes
// to stdout, and on an error nothing is written there anyway.
using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16);
var exitCode = CommandLine.Run(args, stdout, Console.Error);
stdout.Flush();
return exitCode;
