namespace Infra.Components.OnCall;

/// <summary>
/// Who is on call in a schedule from <see cref="Start"/> to <see cref="End"/> (UTC instants), and from
/// which layer and turn of it (<see cref="Turn"/>: the index from the layer's rotation virtual start);
/// <see cref="User"/> is null for a gap where no layer has anyone on call.
/// </summary>
public sealed record OnCallShift(string Schedule, string? Layer, string? User, DateTime Start, DateTime End, long? Turn = null);
