using NodaTime;

namespace Infra.Components.OnCall;

/// <summary>
/// One rotation layer of a schedule. Times are wall-clock times in the schedule's time zone: turns start
/// at <see cref="RotationVirtualStart"/> plus whole multiples of the turn length, the layer is in effect
/// from <see cref="Start"/> (to <see cref="End"/>), and users take turns in list order.
/// </summary>
public sealed record ScheduleLayer(string Name, LocalDateTime Start, LocalDateTime RotationVirtualStart, LocalDateTime? End, long RotationTurnLengthSeconds,
    IReadOnlyList<string> Users, IReadOnlyList<LayerRestriction> Restrictions);
