namespace Infra.Components.OnCall;

/// <summary>
/// What the double-booking check found, and what it covered: <see cref="Days"/> days from
/// <see cref="From"/>, enough for the rotations' whole common cycle (<see cref="CycleDays"/>, null when it is
/// longer than the limit) unless <see cref="Truncated"/>.
/// </summary>
public sealed record DoubleBookingResult(IReadOnlyList<DoubleBooking> Bookings, DateOnly From, int Days, long? CycleDays, bool Truncated);
