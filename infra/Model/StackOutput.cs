namespace Infra.Model;

/// <summary>A stack output; secret outputs are wrapped in <c>fn::secret</c> so Pulumi encrypts them.</summary>
public sealed record StackOutput(string Name, Value Value, bool Secret, string Description);
