using Infra.Components.OnCall;
using Infra.Config;
using Infra.Emitters;
using Infra.Tests.Support;

namespace Infra.Tests.OnCall;

/// <summary>
/// The calendar file as a calendar application sees it, parsed with a real iCalendar parser (Ical.Net):
/// after a rotation change the changed events keep their UIDs and carry a higher SEQUENCE and a later
/// DTSTAMP, unchanged ones keep both; UIDs do not depend on the window; control characters never reach it.
/// </summary>
public sealed class CalendarReimportTests
{
    // Weekly turns from Monday 2026-11-02 09:00 Berlin: a, b, c. The change swaps b and c.
    private const string Before = """
        {"calendarStart": "2026-11-30", "calendarWeeks": 6,
         "users": [{"email": "a@example.com", "name": "A"}, {"email": "b@example.com", "name": "B"}, {"email": "c@example.com", "name": "C"}],
         "schedules": [{"name": "primary", "timeZone": "Europe/Berlin", "layers": [
            {"name": "weekly", "start": "2026-11-02T09:00:00", "rotationTurnLengthSeconds": 604800, "users": ["a@example.com", "b@example.com", "c@example.com"]}]}],
         "escalationPolicies": [{"name": "p", "rules": [{"delayMinutes": 15, "targets": [{"schedule": "primary"}]}]}],
         "services": [{"environment": "production", "escalationPolicy": "p"}]}
        """;

    private static readonly string After = Before.Replace("[\"a@example.com\", \"b@example.com\", \"c@example.com\"]", "[\"a@example.com\", \"c@example.com\", \"b@example.com\"]", StringComparison.Ordinal);

    private static OnCallConfig Parse(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var (config, error) = OnCallConfigParser.Parse(document.RootElement);
        Assert.Null(error);
        return config!;
    }

    private static Dictionary<string, Ical.Net.CalendarComponents.CalendarEvent> Events(string ics) =>
        Ical.Net.Calendar.Load(ics)!.Events.ToDictionary(e => e.Uid!, StringComparer.Ordinal);

    private static string Ics(OnCallConfig config, string? earlier = null) => CalendarIcs.Write(config, config.CalendarWeeks * 7, earlier);

    [Fact]
    public void ARotationChangeKeepsTheUidsAndRaisesTheSequenceOfTheChangedEventsOnly()
    {
        Assert.NotEqual(Before, After);
        var first = Ics(Parse(Before));
        var second = Ics(Parse(After), first);
        var (before, after) = (Events(first), Events(second));

        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        var changed = after.Keys.Where(uid => after[uid].Summary != before[uid].Summary).ToList();
        var unchanged = after.Keys.Except(changed).ToList();
        Assert.NotEmpty(changed);
        Assert.NotEmpty(unchanged);
        Assert.All(changed, uid =>
        {
            Assert.Equal(before[uid].Sequence + 1, after[uid].Sequence);
            Assert.True(after[uid].DtStamp!.Value > before[uid].DtStamp!.Value);
            Assert.Equal(before[uid].DtStart!.Value, after[uid].DtStart!.Value);
        });
        Assert.All(unchanged, uid =>
        {
            Assert.Equal(before[uid].Sequence, after[uid].Sequence);
            Assert.Equal(before[uid].DtStamp!.Value, after[uid].DtStamp!.Value);
        });

        // Rendering again without a change changes nothing; changing back raises the sequence once more.
        Assert.Equal(second, Ics(Parse(After), second));
        var third = Events(Ics(Parse(Before), second));
        Assert.All(changed, uid => Assert.Equal(before[uid].Sequence + 2, third[uid].Sequence));
        Assert.Equal(before.Keys.Select(uid => before[uid].Summary), before.Keys.Select(uid => third[uid].Summary));
    }

    [Fact]
    public void RenderIntoAnEarlierRenderRevisesItsCalendar()
    {
        var stack = Stacks.First(StackRole.OnCall);
        var directory = Path.Combine(Path.GetTempPath(), $"infra-oncall-{Guid.NewGuid():N}");
        try
        {
            var before = Stacks.CompileWith(stack, new Dictionary<string, string> { [SettingsCatalog.OnCall.Key] = Before });
            RenderWriter.Write(directory, RenderWriter.Files(before.Graph, before.Program, directory));
            var after = Stacks.CompileWith(stack, new Dictionary<string, string> { [SettingsCatalog.OnCall.Key] = After });
            var files = RenderWriter.Files(after.Graph, after.Program, directory);

            var events = Events(files[OnCallStack.CalendarIcsPath]);
            Assert.Contains(events.Values, e => e.Sequence == 1);
            Assert.Equal(Events(File.ReadAllText(Path.Combine(directory, OnCallStack.CalendarIcsPath))).Keys.Order(StringComparer.Ordinal), events.Keys.Order(StringComparer.Ordinal));

            // Without an earlier render (a new folder, the golden files) every event is at sequence 0.
            Assert.All(Events(RenderWriter.Files(after.Graph, after.Program)[OnCallStack.CalendarIcsPath]).Values, e => Assert.Equal(0, e.Sequence));
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, true);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    public void UidsAndEventsDoNotDependOnTheWindow(int days)
    {
        var moved = Before.Replace("\"calendarStart\": \"2026-11-30\"", $"\"calendarStart\": \"{new DateOnly(2026, 11, 30).AddDays(days):yyyy-MM-dd}\"", StringComparison.Ordinal);
        var (original, later) = (Events(Ics(Parse(Before))), Events(Ics(Parse(moved))));

        var shared = original.Keys.Intersect(later.Keys).ToList();
        Assert.True(shared.Count >= original.Count - 2, $"{shared.Count} of {original.Count} events kept their UID");
        Assert.All(shared, uid =>
        {
            Assert.Equal(original[uid].DtStart!.Value, later[uid].DtStart!.Value);
            Assert.Equal(original[uid].DtEnd!.Value, later[uid].DtEnd!.Value);
            Assert.Equal(original[uid].Summary, later[uid].Summary);
        });

        // Events are whole turns: the one in progress at the window's first midnight starts at its handoff, Monday 09:00.
        Assert.All(later.Values, e => Assert.Equal(new TimeSpan(8, 0, 0), e.DtStart!.Value.TimeOfDay));
    }

    [Theory]
    [InlineData("\"name\": \"A\"", "\"name\": \"A\\u0007\"", "users[0].name contains the non-printable character U+0007")]
    [InlineData("\"name\": \"primary\"", "\"name\": \"pri\\nmary\"", "schedules[0].name contains the non-printable character U+000A")]
    [InlineData("\"name\": \"weekly\"", "\"name\": \"week\\u001bly\"", "schedules[0].layers[0].name contains the non-printable character U+001B")]
    [InlineData("\"name\": \"B\"", "\"name\": \"B\\u2028\"", "users[1].name contains the non-printable character U+2028")]
    public void ControlCharactersNeverReachTheCalendar(string from, string to, string expected)
    {
        Assert.Contains(from, Before, StringComparison.Ordinal);
        using var document = System.Text.Json.JsonDocument.Parse(Before.Replace(from, to, StringComparison.Ordinal));
        var (config, error) = OnCallConfigParser.Parse(document.RootElement);
        Assert.Null(config);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => CalendarIcs.Escape("a\u0007b"));
    }

    [Theory]
    [MemberData(nameof(OnCallConfigTests.OnCallStacks), MemberType = typeof(OnCallConfigTests))]
    public void TheOnCallStacksCalendarParsesWithOneEventPerTurnAndUniqueUids(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var ics = compiled.Graph.Documents.Single(d => d.Path == OnCallStack.CalendarIcsPath).Content;
        var calendar = Ical.Net.Calendar.Load(ics)!;
        Assert.NotEmpty(calendar.Events);
        Assert.Equal(calendar.Events.Count, calendar.Events.Select(e => e.Uid).Distinct().Count());
        Assert.All(calendar.Events, e => Assert.True(e.DtEnd!.Value > e.DtStart!.Value));
    }
}
