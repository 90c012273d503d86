using NodaTime;
using NodaTime.TimeZones;

namespace Infra.Components.OnCall;

/// <summary>
/// The time zones the pinned pagerduty provider accepts for a schedule's, a user's and support hours'
/// <c>time_zone</c>: its <c>ValidTZ</c> list (terraform-provider-pagerduty, util/util.go, checked with
/// sort.SearchStrings by ValidateTZValueDiagFunc; docs/oncall.md cites the tag). A zone outside the list
/// fails at <c>pulumi up</c>, so the compile refuses it and names the listed zone with the same rules.
/// </summary>
public static class PagerDutyTimeZones
{
    /// <summary>The provider's list, de-duplicated (the source repeats some entries), in ordinal order.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        "Africa/Algiers", "Africa/Cairo", "Africa/Casablanca", "Africa/Harare", "Africa/Johannesburg",
        "Africa/Monrovia", "Africa/Nairobi", "America/Argentina/Buenos_Aires", "America/Bogota",
        "America/Caracas", "America/Chicago", "America/Chihuahua", "America/Denver", "America/Godthab",
        "America/Guatemala", "America/Guyana", "America/Halifax", "America/Indiana/Indianapolis",
        "America/Juneau", "America/La_Paz", "America/Lima", "America/Los_Angeles", "America/Mazatlan",
        "America/Mexico_City", "America/Monterrey", "America/Montevideo", "America/New_York",
        "America/Phoenix", "America/Puerto_Rico", "America/Regina", "America/Santiago", "America/Sao_Paulo",
        "America/St_Johns", "America/Tijuana", "Asia/Almaty", "Asia/Baghdad", "Asia/Baku", "Asia/Bangkok",
        "Asia/Chongqing", "Asia/Colombo", "Asia/Dhaka", "Asia/Hong_Kong", "Asia/Irkutsk", "Asia/Jakarta",
        "Asia/Jerusalem", "Asia/Kabul", "Asia/Kamchatka", "Asia/Karachi", "Asia/Kathmandu", "Asia/Kolkata",
        "Asia/Krasnoyarsk", "Asia/Kuala_Lumpur", "Asia/Kuwait", "Asia/Magadan", "Asia/Muscat",
        "Asia/Novosibirsk", "Asia/Rangoon", "Asia/Riyadh", "Asia/Seoul", "Asia/Shanghai", "Asia/Singapore",
        "Asia/Srednekolymsk", "Asia/Taipei", "Asia/Tashkent", "Asia/Tbilisi", "Asia/Tehran", "Asia/Tokyo",
        "Asia/Ulaanbaatar", "Asia/Urumqi", "Asia/Vladivostok", "Asia/Yakutsk", "Asia/Yekaterinburg",
        "Asia/Yerevan", "Atlantic/Azores", "Atlantic/Cape_Verde", "Atlantic/South_Georgia",
        "Australia/Adelaide", "Australia/Brisbane", "Australia/Darwin", "Australia/Hobart",
        "Australia/Melbourne", "Australia/Perth", "Australia/Sydney", "Etc/GMT+12", "Etc/UTC",
        "Europe/Amsterdam", "Europe/Athens", "Europe/Belgrade", "Europe/Berlin", "Europe/Bratislava",
        "Europe/Brussels", "Europe/Bucharest", "Europe/Budapest", "Europe/Copenhagen", "Europe/Dublin",
        "Europe/Helsinki", "Europe/Istanbul", "Europe/Kaliningrad", "Europe/Kiev", "Europe/Lisbon",
        "Europe/Ljubljana", "Europe/London", "Europe/Madrid", "Europe/Minsk", "Europe/Moscow", "Europe/Paris",
        "Europe/Prague", "Europe/Riga", "Europe/Rome", "Europe/Samara", "Europe/Sarajevo", "Europe/Skopje",
        "Europe/Sofia", "Europe/Stockholm", "Europe/Tallinn", "Europe/Vienna", "Europe/Vilnius",
        "Europe/Volgograd", "Europe/Warsaw", "Europe/Zagreb", "Europe/Zurich", "Pacific/Apia",
        "Pacific/Auckland", "Pacific/Chatham", "Pacific/Fakaofo", "Pacific/Fiji", "Pacific/Guadalcanal",
        "Pacific/Guam", "Pacific/Honolulu", "Pacific/Majuro", "Pacific/Midway", "Pacific/Noumea",
        "Pacific/Pago_Pago", "Pacific/Port_Moresby", "Pacific/Tongatapu"
    ];

    private static readonly HashSet<string> Accepted = All.ToHashSet(StringComparer.Ordinal);

    /// <summary>The tz database NodaTime carries (not the system's), so every machine computes the same calendar.</summary>
    public static IDateTimeZoneProvider Database => DateTimeZoneProviders.Tzdb;

    /// <summary>The zone of an id the provider accepts, or null with the fix.</summary>
    public static (DateTimeZone? Zone, string? Problem) Find(string id)
    {
        if (Accepted.Contains(id) && Database.GetZoneOrNull(id) is { } zone)
        {
            return (zone, null);
        }

        var same = SameZone(id);
        var fix = same.Count > 0
            ? $"use {string.Join(" or ", same)}, the provider's name for the same zone"
            : "use a zone from the provider's list (docs/oncall.md, e.g. Europe/Berlin, America/New_York, Etc/UTC)";
        return (null, $"'{id}' is not a time zone the pagerduty provider accepts; {fix}");
    }

    /// <summary>The listed ids that the tz database links to the same zone as <paramref name="id"/> (US/Eastern: America/New_York).</summary>
    private static List<string> SameZone(string id)
    {
        var map = TzdbDateTimeZoneSource.Default.CanonicalIdMap;
        return map.TryGetValue(id, out var canonical)
            ? All.Where(z => map.TryGetValue(z, out var other) && other == canonical && z != id).ToList()
            : [];
    }
}
