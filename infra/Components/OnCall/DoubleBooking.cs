namespace Infra.Components.OnCall;

/// <summary>
/// One person on call at the same time for two steps of one escalation policy: when the first step's page
/// goes unacknowledged, the escalation pages the same person again instead of a second responder.
/// <see cref="First"/> and <see cref="Second"/> describe the two targets (e.g. <c>schedule 'primary' (rule 1)</c>);
/// <see cref="Start"/>/<see cref="End"/> (UTC) is the first such interval of the rendered calendar, and
/// <see cref="Total"/> how long the two overlap in the whole window.
/// </summary>
public sealed record DoubleBooking(string Policy, string First, string Second, string User, OnCallSchedule Schedule, DateTime Start, DateTime End, TimeSpan Total);
