using Infra.Components.OnCall;

namespace Infra.Config;

/// <summary>The settings of on-call: the on-call stack's PagerDuty token and model, and where a cluster stack takes its routing key from.</summary>
public static partial class SettingsCatalog
{
    public static readonly Setting<string> PagerDutyOnCallStack = Text("pagerDutyOnCallStack",
        "The on-call stack whose output gives this stack's PagerDuty routing key (a StackReference; the key never passes through this stack's config): its name in this project and organization (e.g. oncall), or organization/project/stack. Empty: the routing key is the pagerDutyRoutingKey secret. Deploy the on-call stack first.",
        _ => string.Empty, "\"\" (the pagerDutyRoutingKey secret)", "oncall",
        v => v.Length == 0 || StackNamePattern().IsMatch(v) || FullStackNamePattern().IsMatch(v) ? null
            : "must be a stack name of this project (lower-case letters, digits and '-') or organization/project/stack");

    public static readonly SecretSetting PagerDutyToken = new("pagerDutyToken",
        "PagerDuty REST API token (an account-level API key with write access) of the on-call stack's explicit pagerduty provider.", "u+AbCdEfGhIjKlMnOpQr",
        s => s.Role == StackRole.OnCall, "on the on-call stack", SettingScope.OnCallOnly);

    public static readonly Setting<OnCallConfig> OnCall = new("onCall",
        "The on-call model of the on-call stack: users, teams, schedules (layers, restrictions, time zone), escalation policies, one service per paging environment (timeouts, support hours), maintenance windows, the calendar's first day and length, and the committed copy of the published calendar that render revises (docs/oncall.md).",
        SettingScope.OnCallOnly, "mapping {users, teams, schedules, escalationPolicies, services, maintenanceWindows, calendarStart, calendarWeeks, publishedCalendar}",
        "{\"calendarStart\": \"2026-11-30\", \"users\": [...], \"schedules\": [...], \"escalationPolicies\": [...], \"services\": [...]}",
        _ => null, "none (required on the on-call stack)", structured: OnCallConfigParser.Parse);

    public static readonly SecretSetting PagerDutyPhoneNumbers = new("pagerDutyPhoneNumbers",
        "Phone numbers of the on-call users created by the on-call stack (personal data, so a secret): a JSON mapping from each email with a phoneCountryCode in observability:onCall to the number as a string without the country code and without a trunk prefix (digits only; PagerDuty's format), read by Pulumi; when Pulumi runs the compiler, the numbers' form is checked (never shown).",
        "{\"alice@example.com\": \"15123456789\"}",
        s => s.Role == StackRole.OnCall && s.Get(OnCall).Users.Any(u => u.PhoneCountryCode is not null), "on the on-call stack when a user has a phoneCountryCode",
        SettingScope.OnCallOnly, PhoneNumberShapes.Of);

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*/[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial System.Text.RegularExpressions.Regex FullStackNamePattern();

    /// <summary>The settings of the OnCall product (OnCallProduct), in documentation order.</summary>
    public static IReadOnlyList<SettingDefinition> OfOnCall => [PagerDutyOnCallStack, PagerDutyToken, PagerDutyPhoneNumbers, OnCall];
}
